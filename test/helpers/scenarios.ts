import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';

/**
 * The built-in scenario the real-time and server tests run. Named explicitly so the
 * tests mean the same thing whatever the server's default scenario is.
 */
export const TEST_SCENARIO = 'gift-shop';

export function compiled(name = TEST_SCENARIO, seed = 1): CompiledScenario {
  const loaded = loadScenario(name);
  return compileScenario(loaded.scenario, seed, loaded.source);
}
