import { compileScenario, type CompiledScenario } from '../../scenario/compile.js';
import type { Scenario } from '../../scenario/schema.js';

/**
 * What a worker thread builds a run's scenario from: the scenario as loaded, overridden and
 * validated in the thread that starts the run, and its seed. Plain data, so it crosses to
 * the worker by structured clone; the worker compiles it (compiled scenarios hold closures,
 * which do not cross threads) and never reads, parses or validates a file again.
 */
export interface ScenarioRecipe {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Names the scenario in messages, as where it was compiled first. */
  readonly name: string;
}

export function scenarioRecipe(compiled: CompiledScenario): ScenarioRecipe {
  return { scenario: compiled.source, seed: compiled.seed, name: compiled.name };
}

/** The same compiled scenario as the one the recipe was taken from: compiling is a pure function of the scenario and seed. */
export function compileRecipe(recipe: ScenarioRecipe): CompiledScenario {
  return compileScenario(recipe.scenario, recipe.seed, recipe.name);
}
