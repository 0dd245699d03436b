import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeliveryOrder } from '../engine/delivery-order.js';
import { FaultStage } from '../faults/fault-stage.js';
import { Engine } from '../engine/engine.js';
import { eventToObject } from '../encode/event-object.js';
import { UsageError } from '../errors.js';
import { parseDuration, parseStart } from '../time/time-text.js';
import { compileScenario } from '../scenario/compile.js';
import { DEFAULT_SCENARIO, loadScenario, validateRaw, type LoadedScenario } from '../scenario/load.js';
import type { ScenarioInput } from '../scenario/schema.js';

export interface SimulateOptions {
  /** A built-in scenario name, a scenario file, or a scenario object (default: shop). */
  readonly scenario?: string | ScenarioInput;
  /** Seed of the random streams (default: the scenario's seed). */
  readonly seed?: number;
  /** Stop after this many events (default: 1000 unless a duration is given). */
  readonly count?: number;
  /** Stop after this much simulated time: milliseconds, or text such as 'PT1H' or '15m'. */
  readonly duration?: number | string;
  /** Simulated start (default 2024-01-01T00:00:00Z, so results are reproducible). */
  readonly start?: Date | string | number;
  /**
   * Overrides, as `--set path=value` takes them (`['arrivals.rate=2']`), or as an object of
   * paths and values (`{ 'arrivals.rate': 2 }`).
   */
  readonly set?: readonly string[] | Readonly<Record<string, unknown>>;
  /** Environment variables that set the scenario's params of their names, below `set` (e.g. `process.env`); none by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_START = Date.UTC(2024, 0, 1);

/**
 * Simulates a scenario and yields its events as plain objects, the same values its
 * NDJSON lines parse to:
 *
 *   for await (const event of simulate({ scenario: 'gift-shop', count: 10, seed: 7 })) console.log(event);
 *
 * Bad options throw a UsageError (with `code` from the error catalogue).
 */
export async function* simulate(options: SimulateOptions = {}): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const loaded = scenarioOf(options);
  const seed = options.seed ?? loaded.scenario.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('BAD_FLAG', `seed ${seed}: must be a whole number from 0`);
  const compiled = compileScenario(loaded.scenario, seed, loaded.source);
  const start = startOf(options.start);
  const duration = typeof options.duration === 'string' ? parseDuration('duration', options.duration) : options.duration;
  const count = options.count ?? (duration === undefined ? 1000 : undefined);
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) throw new UsageError('BAD_FLAG', `count ${count}: must be a positive integer`);
  const engine = new Engine(compiled, { start, count, end: duration === undefined ? undefined : start + duration });
  // With late delivery, events come in the order a pipeline receives them. Drops and
  // duplicates apply to objects too (bad records are bytes: they need an encoder).
  const events = compiled.delivery === null ? engine : new DeliveryOrder(engine, compiled.faults === null ? null : new FaultStage(compiled.faults));
  let sinceYield = 0;
  for (let event = events.next(); event !== null; event = events.next()) {
    yield eventToObject(event, compiled.schema);
    // A long simulation must not starve timers and I/O of the caller's process.
    if (++sinceYield === 4096) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
}

function scenarioOf(options: SimulateOptions): LoadedScenario {
  const overrides = overridesOf(options.set);
  if (options.scenario === undefined || typeof options.scenario === 'string') return loadScenario(options.scenario ?? DEFAULT_SCENARIO, overrides, { env: options.env });
  if (overrides.length > 0) throw new UsageError('BAD_SET', 'set: overrides apply to scenario names and files; change the scenario object instead');
  return validateRaw(structuredClone(options.scenario), options.scenario.name ?? 'scenario');
}

/** `{ 'arrivals.rate': 2 }` as `['arrivals.rate=2']`: JSON values are YAML, as --set reads them. */
function overridesOf(set: SimulateOptions['set']): readonly string[] {
  if (set === undefined) return [];
  if (Array.isArray(set)) return set as readonly string[];
  if (typeof set !== 'object' || set === null) throw new UsageError('BAD_SET', `set: expected ['path=value', ...] or { path: value }, got ${typeof set}`);
  return Object.entries(set).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

function startOf(start: SimulateOptions['start']): number {
  if (start === undefined) return DEFAULT_START;
  if (start instanceof Date) return start.getTime();
  if (typeof start === 'number') return start;
  return parseStart('start', start);
}
