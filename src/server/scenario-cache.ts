import { compileScenario, type CompiledScenario } from '../scenario/compile.js';
import { builtinNames, loadScenario, type LoadedScenario } from '../scenario/load.js';

/** Compiled scenarios kept at once: a client cycling through seeds must not grow memory. */
const MAX_COMPILED = 16;

/**
 * Built-in scenarios by name and seed, compiled once and kept (least recently used
 * out first). Requests name built-in scenarios only: a query string never reaches the
 * file system.
 */
export class ScenarioCache {
  private readonly loaded = new Map<string, LoadedScenario>();
  private readonly compiled = new Map<string, CompiledScenario>();
  readonly names: readonly string[] = builtinNames();

  /**
   * The scenario's own seed when `seed` is undefined. Throws UsageError for a broken scenario,
   * naming it by `input` (the flag that gave it, `--scenario NAME` unless told).
   */
  get(name: string, seed: number | undefined, input?: string): CompiledScenario {
    let loaded = this.loaded.get(name);
    if (loaded === undefined) {
      loaded = loadScenario(name, [], { input });
      this.loaded.set(name, loaded);
    }
    const resolved = seed ?? loaded.scenario.seed ?? 0;
    const key = `${name}\u0000${resolved}`;
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      compiled = compileScenario(loaded.scenario, resolved, loaded.source);
      if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value!);
    } else this.compiled.delete(key);
    this.compiled.set(key, compiled);
    return compiled;
  }
}
