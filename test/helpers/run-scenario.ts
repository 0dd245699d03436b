import { eventToObject } from '../../src/encode/event-object.js';
import { Engine } from '../../src/engine/engine.js';
import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { loadScenario, parseScenarioText } from '../../src/scenario/load.js';

/** Compiles scenario YAML text (or a built-in name) for `seed`. */
export function compileText(yaml: string, seed = 1): CompiledScenario {
  const loaded = parseScenarioText(yaml, 'test.yaml');
  return compileScenario(loaded.scenario, seed, 'test.yaml');
}

export function compileBuiltin(name: string, seed?: number, overrides: readonly string[] = []): CompiledScenario {
  const loaded = loadScenario(name, overrides);
  return compileScenario(loaded.scenario, seed ?? loaded.scenario.seed ?? 0, loaded.source);
}

/** Runs the engine and returns each event as the plain object its NDJSON line parses to. */
export function events(scenario: CompiledScenario, options: { start: number; end?: number; count?: number }): Record<string, unknown>[] {
  const engine = new Engine(scenario, options);
  const out: Record<string, unknown>[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push(eventToObject(e, scenario.schema));
  return out;
}
