import { basename, extname } from 'node:path';
import { UsageError } from '../../../errors.js';
import { formatPath, type PathKey } from '../../paths.js';
import { isBuiltinRef } from '../../refs.js';
import type { ScenarioInput } from '../../schema.js';
import type { ConcurrencySchedule } from '../../schema-timing.js';
import { buildScenario } from './build-scenario.js';
import { describeProblems, parseConfigText } from './config-document.js';
import type { DimensionContext } from './dimensions.js';
import { readEmitterNames, readEmitters } from './emitters.js';
import type { ImportedMachine } from './machine.js';
import { readLegacyMachine } from './states-legacy.js';
import { readTypedMachine } from './states-typed.js';
import { readTemplates, type ImplyTemplate } from './templates.js';
import { checkVariableFlow } from './variable-flow.js';
import { isObject, listAt, Problems } from './reader.js';

export interface ImplyImportOptions {
  /** `-m`: at most this many workers at once. */
  readonly maxWorkers: number;
  /** `--schedule`: scales the worker cap over the week. */
  readonly schedule?: ConcurrencySchedule;
}

/** An Imply generator config compiled into a clickgen scenario, with what its output formats need. */
export interface ImplyImport {
  readonly scenario: ScenarioInput;
  readonly format: ImportedMachine['format'];
  /** Each emitter's dimension names, in its record order. */
  readonly emitters: ReadonlyMap<string, readonly string[]>;
  /** Output fields whose values are floats (written as Python writes floats: 5.0). */
  readonly floatFields: ReadonlySet<string>;
  readonly templates: ReadonlyMap<string, ImplyTemplate>;
  /** Problems that do not stop a run, one line each. */
  readonly warnings: readonly string[];
}

/**
 * Reads an Imply event generator config (either format) from its JSON text. Every
 * problem is reported at once, one line each with the file, line:col and JSON path;
 * they throw a UsageError with code IMPLY_CONFIG.
 */
export function importImplyConfig(text: string, display: string, options: ImplyImportOptions): ImplyImport {
  const doc = parseConfigText(text, display);
  const config = doc.value;
  const problems = new Problems();
  const fail = (): never => {
    throw new UsageError('IMPLY_CONFIG', describeProblems(problems.errors, doc, display));
  };
  if (!isObject(config)) {
    problems.error([], 'a generator config must be a JSON object with emitters and states');
    fail();
  }
  const root = config as Record<string, unknown>;
  const rawStates = listAt(root, 'states', [], problems, 'the journey of one worker', true);
  const typed = rawStates !== null && rawStates.some((s) => isObject(s) && 'type' in s);
  const variableTypes = collectVariableTypes(rawStates ?? []);
  const ignoredOnce = new Set<string>();
  const ctx: DimensionContext = {
    problems,
    variable: (name) => (isBuiltinRef(name) ? `imply.${name}` : name),
    holdsTime: (name) => {
      const types = variableTypes.get(name);
      return types !== undefined && [...types].every((t) => t === 'clock' || t === 'timestamp');
    },
    ignored: (path, option, why) => {
      if (ignoredOnce.has(option)) return;
      ignoredOnce.add(option);
      problems.warn(path, `${option} has no effect: ${why}`);
    },
  };
  const emitterNames = readEmitterNames(root);
  const machine = rawStates === null ? null : typed ? readTypedMachine(rawStates, emitterNames, ctx) : readLegacyMachine(root, rawStates, emitterNames, ctx);
  const emitters = readEmitters(root, ctx);
  const templates = readTemplates(root, problems);
  if (problems.errors.length > 0 || machine === null) fail();
  checkVariableFlow(machine!, emitters, problems);
  if (problems.errors.length > 0) fail();

  const name = basename(display, extname(display));
  const { scenario } = buildScenario(machine!, emitters, ctx.variable, {
    name,
    description: `Imply event generator config ${display} (${typed ? 'typed states' : 'older format'})`,
    maxWorkers: options.maxWorkers,
    schedule: options.schedule,
  });
  return {
    scenario,
    format: machine!.format,
    emitters: new Map([...emitters].map(([n, e]) => [n, e.dimensions.map((d) => d.name)])),
    floatFields: floatFields(emitters, variableTypes),
    templates,
    warnings: problems.warnings.map((w) => `${display}${doc.locate(w.path)}: ${formatPath(w.path as PathKey[])}: ${w.message}`),
  };
}

/** Dimension types (lower case) that set each variable anywhere in the config. */
function collectVariableTypes(states: readonly unknown[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const state of states) {
    if (!isObject(state)) continue;
    for (const key of ['variables', 'variables_on_entry']) {
      const list = state[key];
      if (!Array.isArray(list)) continue;
      for (const dim of list) {
        if (!isObject(dim) || typeof dim.name !== 'string' || typeof dim.type !== 'string') continue;
        const set = out.get(dim.name) ?? new Set<string>();
        set.add(dim.type.toLowerCase());
        out.set(dim.name, set);
      }
    }
  }
  return out;
}

function floatFields(emitters: ReadonlyMap<string, { dimensions: readonly { name: string; type: string; reads: readonly string[] }[] }>, variableTypes: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  for (const emitter of emitters.values()) {
    for (const d of emitter.dimensions) {
      const setters = d.type === 'variable' ? variableTypes.get(d.reads[0]) : undefined;
      if (d.type === 'float' || (setters !== undefined && [...setters].every((t) => t === 'float'))) out.add(d.name);
    }
  }
  return out;
}
