import { DEFAULT_SCENARIO, loadScenario, type LoadedScenario } from '../scenario/load.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import { parseNonNegativeInteger, parsePositiveInteger } from './parse-flags.js';

export { DEFAULT_SCENARIO } from '../scenario/load.js';

export interface ScenarioFlags {
  readonly scenario?: string;
  readonly seed?: string;
  readonly set?: readonly string[];
  readonly maxSessions?: string;
  /** Render the scenario in this vocabulary (segment, ga4, snowplow, snowplow-enriched or a file). */
  readonly vocabulary?: string;
}

/**
 * Loads, overrides, validates and compiles the scenario that flags name. `overrideFlags`: the
 * overrides among `set` that other flags made, with the flag as typed, which messages name.
 */
export function scenarioFromFlags(
  flags: ScenarioFlags,
  env: Readonly<Record<string, string | undefined>>,
  overrideFlags?: ReadonlyMap<string, string>,
): { loaded: LoadedScenario; compiled: CompiledScenario } {
  // First, so that --set can still change what the vocabulary reads.
  const overrides = [...(flags.vocabulary === undefined ? [] : [`vocabulary=${JSON.stringify(flags.vocabulary)}`]), ...(flags.set ?? [])];
  if (flags.maxSessions !== undefined) overrides.push(`arrivals.max_concurrent=${parsePositiveInteger('--max-sessions', flags.maxSessions)}`);
  const nameOrFile = flags.scenario ?? DEFAULT_SCENARIO;
  const loaded = loadScenario(nameOrFile, overrides, { env, overrideFlags });
  const seed = flags.seed === undefined ? (loaded.scenario.seed ?? 0) : parseNonNegativeInteger('--seed', flags.seed);
  return { loaded, compiled: compileScenario(loaded.scenario, seed, loaded.source) };
}
