import { compileScenario, type CompiledScenario } from './compile.js';
import { loadScenario } from './load.js';

/** What names a compiled scenario: enough to build the same one again (in a worker thread). */
export interface ScenarioSource {
  /** A built-in name or a file path. */
  readonly nameOrFile: string;
  /** `--set` overrides, `path=value`. */
  readonly overrides: readonly string[];
  /** Params set by environment variables of their names, below the overrides. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly seed: number;
}

/** Loads and compiles a scenario from its source (already checked once: any error is thrown again). */
export function compileSource(source: ScenarioSource): CompiledScenario {
  const loaded = loadScenario(source.nameOrFile, source.overrides, { env: source.environment });
  return compileScenario(loaded.scenario, source.seed, loaded.source);
}
