import { compileScenario, type CompiledScenario } from '../../scenario/compile.js';
import { builtinNames, loadScenario, parseScenarioText, resolveScenarioFile, type LoadedScenario } from '../../scenario/load.js';
import { UsageError } from '../../errors.js';
import type { PageRequest } from './page-request.js';

/** How pasted text is named in messages and in the command line the page shows. */
export const PASTED_NAME = 'scenario.yaml';

/** A problem of the page's scenario, with its place in the text when known. */
export interface Problem {
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

export type PageScenario =
  | { readonly ok: true; readonly loaded: LoadedScenario; readonly compiled: CompiledScenario; readonly seed: number }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Loads, overrides and compiles the scenario a page request names, and turns every way it
 * can be wrong into problems with line numbers: nothing a page sends ends in a server error.
 * Pasted text may extend built-in scenarios only, never read a file of the server.
 */
export function pageScenario(request: PageRequest): PageScenario {
  try {
    const loaded =
      request.scenario !== undefined ? loadBuiltin(request.scenario, request.set) : parseScenarioText(request.yaml!, PASTED_NAME, request.set, '.', builtinBase);
    const seed = request.seed ?? loaded.scenario.seed ?? 0;
    return { ok: true, loaded, compiled: compileScenario(loaded.scenario, seed, loaded.source), seed };
  } catch (error) {
    return { ok: false, problems: problemsOf(error as Error) };
  }
}

function loadBuiltin(name: string, set: readonly string[]): LoadedScenario {
  if (!builtinNames().includes(name)) throw new UsageError('UNKNOWN_SCENARIO', `${name}: not a built-in scenario; they are ${builtinNames().join(', ')}`);
  return loadScenario(name, set);
}

function builtinBase(name: string): string {
  if (!builtinNames().includes(name)) throw new UsageError('SCENARIO_INVALID', `${name}: a pasted scenario extends built-in scenarios only (${builtinNames().join(', ')})`);
  return resolveScenarioFile(name);
}

/** `scenario.yaml:12:5: states.view: ...` lines become { line: 12, column: 5, message: 'states.view: ...' }. */
export function problemsOf(error: Error): Problem[] {
  return error.message.split('\n').map((text) => {
    const match = /^(?:scenarios\/)?[\w.-]+\.ya?ml(?::(\d+):(\d+))?: (.*)$/.exec(text);
    if (match === null) return { line: null, column: null, message: text };
    return { line: match[1] === undefined ? null : Number(match[1]), column: match[2] === undefined ? null : Number(match[2]), message: match[3] };
  });
}
