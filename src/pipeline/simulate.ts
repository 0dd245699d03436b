import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeliveryOrder } from '../engine/delivery-order.js';
import { FaultStage } from '../faults/fault-stage.js';
import { Engine } from '../engine/engine.js';
import { eventToObject } from '../encode/event-object.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import { DEFAULT_SCENARIO, loadScenario, loadScenarioObject, type LoadedScenario, type OverrideLabel } from '../scenario/load.js';
import { checkOptions, type CheckedOptions, type SimulateOptions } from './simulate-options.js';

export type { SimulateOptions };

/**
 * Simulates a scenario and yields its events as plain objects, the same values its
 * NDJSON lines parse to:
 *
 *   for await (const event of simulate({ scenario: 'gift-shop', count: 10, seed: 7 })) console.log(event);
 *
 * Bad options, and a scenario that does not load, throw a UsageError (with `code` from the
 * error catalogue) when simulate() is called, before any event is asked for.
 */
export function simulate(options: SimulateOptions = {}): AsyncGenerator<Record<string, unknown>, void, undefined> {
  return simulateNamed(options, 'set');
}

/**
 * simulate() for the CLI's `--sample` and `describe`: messages name the scenario and its
 * overrides by the flags they came from (`--scenario`, `--set`), not by simulate()'s options.
 */
export function simulateForCli(options: SimulateOptions): AsyncGenerator<Record<string, unknown>, void, undefined> {
  return simulateNamed(options, '--set');
}

/** Checks and compiles now, so that a mistake throws at the call; the events come when asked for. */
function simulateNamed(options: SimulateOptions, label: OverrideLabel): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const checked = checkOptions(options);
  const loaded = scenarioOf(checked, label);
  const compiled = compileScenario(loaded.scenario, checked.seed ?? loaded.scenario.seed ?? 0, loaded.source);
  return eventsOf(compiled, checked);
}

async function* eventsOf(compiled: CompiledScenario, checked: CheckedOptions): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const engine = new Engine(compiled, { start: checked.start, count: checked.count, end: checked.end });
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

/** A name, a file or an object: `set` and `env` apply to each alike. */
function scenarioOf({ scenario, overrides, env }: CheckedOptions, label: OverrideLabel): LoadedScenario {
  if (scenario === undefined || typeof scenario === 'string') {
    const name = scenario ?? DEFAULT_SCENARIO;
    // The CLI names a scenario by its flag (loadScenario's default), the library by its option.
    const input = label === '--set' ? undefined : `scenario ${JSON.stringify(name)}`;
    return loadScenario(name, overrides, { env, input, overrideLabel: label });
  }
  return loadScenarioObject(scenario, typeof scenario.name === 'string' ? scenario.name : 'scenario', overrides, { env, overrideLabel: label });
}
