import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeliveryOrder } from '../engine/delivery-order.js';
import { FaultStage } from '../faults/fault-stage.js';
import { Engine } from '../engine/engine.js';
import { eventToObject } from '../encode/event-object.js';
import { compileScenario } from '../scenario/compile.js';
import { DEFAULT_SCENARIO, loadScenario, loadScenarioObject, type LoadedScenario } from '../scenario/load.js';
import { checkOptions, type CheckedOptions, type SimulateOptions } from './simulate-options.js';

export type { SimulateOptions };

/**
 * Simulates a scenario and yields its events as plain objects, the same values its
 * NDJSON lines parse to:
 *
 *   for await (const event of simulate({ scenario: 'gift-shop', count: 10, seed: 7 })) console.log(event);
 *
 * Bad options throw a UsageError (with `code` from the error catalogue).
 */
export async function* simulate(options: SimulateOptions = {}): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const checked = checkOptions(options);
  const loaded = scenarioOf(checked);
  const compiled = compileScenario(loaded.scenario, checked.seed ?? loaded.scenario.seed ?? 0, loaded.source);
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
function scenarioOf({ scenario, overrides, env }: CheckedOptions): LoadedScenario {
  if (scenario === undefined || typeof scenario === 'string') return loadScenario(scenario ?? DEFAULT_SCENARIO, overrides, { env });
  return loadScenarioObject(scenario, typeof scenario.name === 'string' ? scenario.name : 'scenario', overrides, { env });
}
