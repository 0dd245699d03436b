import type { PathKey } from '../../paths.js';
import type { DimensionContext, ReadDimension } from './dimensions.js';
import { readDimension } from './dimensions.js';
import { readTimedDistribution } from './distributions.js';
import { END, type ImportedMachine, type ImportedState } from './machine.js';
import { readTransitions } from './transitions.js';
import { isObject, listAt, stringAt, type Json } from './reader.js';

/**
 * The older format: a top-level `interarrival`, and states with `delay` (applied
 * before the state's variables and record), optional `variables_on_entry` (before the
 * delay), `variables`, `emitter` and `transitions`, where `stop` (any case) ends the
 * worker. The first state is where every worker starts.
 */
export function readLegacyMachine(config: Json, rawStates: readonly unknown[], emitters: ReadonlySet<string>, ctx: DimensionContext): ImportedMachine | null {
  const { problems } = ctx;
  const interarrival = config.interarrival === undefined ? null : readTimedDistribution(config.interarrival, ['interarrival'], problems);
  if (config.interarrival === undefined) problems.error([], 'missing required key "interarrival" (the distribution of seconds between workers starting)');
  const names = rawStates.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : null));
  const states: ImportedState[] = [];
  rawStates.forEach((raw, i) => {
    const path: PathKey[] = ['states', i];
    if (!isObject(raw)) {
      problems.error(path, 'a state must be an object with name, delay and transitions');
      return;
    }
    const name = stringAt(raw, 'name', path, problems, 'the state name');
    const emitter = readEmitterName(raw, path, emitters, ctx);
    const delay = raw.delay === undefined ? null : readTimedDistribution(raw.delay, [...path, 'delay'], problems);
    if (raw.delay === undefined) problems.error(path, 'missing required key "delay" (seconds waited before the state writes its record)');
    const enter = readVariables(raw, 'variables_on_entry', path, ctx);
    const set = readVariables(raw, 'variables', path, ctx);
    const next = readTransitions(raw, path, problems, (target) => (target.toLowerCase() === 'stop' ? END : names.includes(target) ? target : null), `${names.filter((n) => n !== null).join(', ')}, or stop`);
    if (name !== null && delay !== null && next !== null && emitter !== undefined) states.push({ name, path, emitter, enter, delay, set, next });
  });
  if (interarrival === null || states.length !== rawStates.length) return null;
  return { format: 'legacy', states, initial: states[0].name, interarrival };
}

/** The state's emitter: a defined name, or null/absent for a state that writes nothing; undefined when invalid. */
function readEmitterName(raw: Json, path: readonly PathKey[], emitters: ReadonlySet<string>, ctx: DimensionContext): string | null | undefined {
  const value = raw.emitter;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !emitters.has(value)) {
    ctx.problems.error([...path, 'emitter'], `references emitter ${JSON.stringify(value)}, which is not defined in emitters (${[...emitters].join(', ')})`);
    return undefined;
  }
  return value;
}

export function readVariables(raw: Json, key: 'variables' | 'variables_on_entry', path: readonly PathKey[], ctx: DimensionContext): ReadDimension[] {
  const list = listAt(raw, key, path, ctx.problems, 'dimensions whose values are kept as variables', false) ?? [];
  const out: ReadDimension[] = [];
  list.forEach((dim, i) => {
    const read = readDimension(dim, [...path, key, i], key, ctx);
    if (read !== null) out.push(read);
  });
  return out;
}
