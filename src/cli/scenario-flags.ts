import { DEFAULT_SCENARIO, loadScenario, type LoadedScenario } from '../scenario/load.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import { parseNonNegativeInteger, parsePositiveInteger } from './parse-flags.js';

export { DEFAULT_SCENARIO } from '../scenario/load.js';

export interface ScenarioFlags {
  readonly scenario?: string;
  readonly seed?: string;
  readonly set?: readonly string[];
  readonly maxSessions?: string;
}

/** Loads, overrides, validates and compiles the scenario that flags name. */
export function scenarioFromFlags(flags: ScenarioFlags): { loaded: LoadedScenario; compiled: CompiledScenario } {
  const overrides = [...(flags.set ?? [])];
  if (flags.maxSessions !== undefined) overrides.push(`arrivals.max_concurrent=${parsePositiveInteger('--max-sessions', flags.maxSessions)}`);
  const loaded = loadScenario(flags.scenario ?? DEFAULT_SCENARIO, overrides);
  const seed = flags.seed === undefined ? (loaded.scenario.seed ?? 0) : parseNonNegativeInteger('--seed', flags.seed);
  return { loaded, compiled: compileScenario(loaded.scenario, seed, loaded.source) };
}
