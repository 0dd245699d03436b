import type { TimedDistribution } from '../../schema.js';
import type { PathKey } from '../../paths.js';
import type { DimensionContext } from './dimensions.js';
import { readTimedDistribution } from './distributions.js';
import type { ImportedMachine, ImportedState } from './machine.js';
import { readVariables } from './states-legacy.js';
import { readTransitions } from './transitions.js';
import { forbid, isObject, stringAt, type Json } from './reader.js';

/**
 * The newer format: typed states. `event:start:timer` (exactly one) is where workers
 * start, and its `cardinality_distribution` is the spawner's gap between workers;
 * `event:intermediate:timer` waits; `activity` sets variables and may write a record;
 * `gateway:exclusive` routes by probability; `event:end` ends the worker.
 */
export const STATE_TYPES = ['event:start:timer', 'event:intermediate:timer', 'activity', 'gateway:exclusive', 'event:end'] as const;
type StateType = (typeof STATE_TYPES)[number];

const NO_ROUTING = {
  transitions: 'must not have "transitions": only gateway:exclusive routes by probability; use "next"',
};
const NO_VARIABLES = {
  variables: 'must not have "variables": set variables in an activity',
  variables_on_entry: '"variables_on_entry" is not supported in this format: use "variables" in an activity',
};
const NO_EMITTER = { emitter: 'must not have an emitter: only an activity writes records' };

const FORBIDDEN: Record<StateType, Record<string, string>> = {
  'event:start:timer': { ...NO_EMITTER, ...NO_ROUTING, ...NO_VARIABLES },
  'event:intermediate:timer': { ...NO_EMITTER, ...NO_ROUTING, ...NO_VARIABLES },
  activity: {
    ...NO_ROUTING,
    cardinality_distribution: 'an activity must not have "cardinality_distribution": precede it with an event:intermediate:timer',
    variables_on_entry: NO_VARIABLES.variables_on_entry,
  },
  'gateway:exclusive': { ...NO_EMITTER, ...NO_VARIABLES, cardinality_distribution: 'a gateway does not wait: put an event:intermediate:timer before or after it', next: 'a gateway routes with "transitions", not "next"' },
  'event:end': { ...NO_EMITTER, ...NO_ROUTING, ...NO_VARIABLES, next: 'an end state has no "next": the worker ends here', cardinality_distribution: 'an end state does not wait' },
};

export function readTypedMachine(rawStates: readonly unknown[], emitters: ReadonlySet<string>, ctx: DimensionContext): ImportedMachine | null {
  const { problems } = ctx;
  const names = rawStates.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : null));
  const known = `${names.filter((n) => n !== null).join(', ')}`;
  const resolve = (target: string): string | null => (names.includes(target) ? target : null);
  const states: ImportedState[] = [];
  const starts: { name: string; gap: TimedDistribution | null; path: PathKey[] }[] = [];
  let ends = 0;
  rawStates.forEach((raw, i) => {
    const path: PathKey[] = ['states', i];
    if (!isObject(raw)) {
      problems.error(path, 'a state must be an object with name and type');
      return;
    }
    const name = stringAt(raw, 'name', path, problems, 'the state name');
    if (raw.type === undefined) {
      problems.error(path, `missing required key "type" (one of ${STATE_TYPES.join(', ')}); every state of a typed config needs one`);
      return;
    }
    const type = raw.type as StateType;
    if (!STATE_TYPES.includes(type)) {
      problems.error([...path, 'type'], `unknown state type ${JSON.stringify(raw.type)}; known: ${STATE_TYPES.join(', ')}`);
      return;
    }
    forbid(raw, FORBIDDEN[type], path, problems);
    if (name === null) return;
    const state = readState(raw, type, name, path, emitters, ctx, resolve, known);
    if (state === null) return;
    states.push(state);
    if (type === 'event:start:timer') starts.push({ name, gap: readTimedDistribution(raw.cardinality_distribution, [...path, 'cardinality_distribution'], problems), path });
    if (type === 'event:end') ends++;
  });
  if (starts.length === 0) problems.error(['states'], 'no event:start:timer state: exactly one is needed, where workers start');
  if (starts.length > 1) problems.error(starts[1].path, `a second event:start:timer ("${starts[1].name}"): exactly one is allowed`);
  if (ends === 0) problems.error(['states'], 'no event:end state: at least one is needed, where workers end');
  if (problems.errors.length > 0 || starts.length !== 1 || starts[0].gap === null) return null;
  // The start timer's own delay is 0: its distribution spaces workers, it does not delay them.
  return { format: 'typed', states, initial: starts[0].name, interarrival: starts[0].gap };
}

function readState(
  raw: Json,
  type: StateType,
  name: string,
  path: PathKey[],
  emitters: ReadonlySet<string>,
  ctx: DimensionContext,
  resolve: (target: string) => string | null,
  known: string,
): ImportedState | null {
  const { problems } = ctx;
  const readNext = (): Map<string, number> | null => {
    const next = stringAt(raw, 'next', path, problems, 'the state that follows');
    if (next === null) return null;
    if (resolve(next) === null) {
      problems.error([...path, 'next'], `"next" points to undefined state "${next}"; states are ${known}`);
      return null;
    }
    return new Map([[next, 1]]);
  };
  const empty = { enter: [], set: [], emitter: null, delay: null };
  switch (type) {
    case 'event:start:timer': {
      if (raw.cardinality_distribution === undefined) problems.error(path, 'missing required key "cardinality_distribution" (seconds between workers starting)');
      const next = readNext();
      return next === null ? null : { ...empty, name, path, next };
    }
    case 'event:intermediate:timer': {
      if (raw.cardinality_distribution === undefined) {
        problems.error(path, 'missing required key "cardinality_distribution" (seconds to wait)');
        return null;
      }
      const delay = readTimedDistribution(raw.cardinality_distribution, [...path, 'cardinality_distribution'], problems);
      const next = readNext();
      return next === null || delay === null ? null : { ...empty, name, path, delay, next };
    }
    case 'activity': {
      let emitter: string | null = null;
      if (raw.emitter !== undefined && raw.emitter !== null) {
        if (typeof raw.emitter !== 'string' || !emitters.has(raw.emitter)) {
          problems.error([...path, 'emitter'], `references emitter ${JSON.stringify(raw.emitter)}, which is not defined in emitters (${[...emitters].join(', ')})`);
          return null;
        }
        emitter = raw.emitter;
      }
      const set = readVariables(raw, 'variables', path, ctx);
      const next = readNext();
      return next === null ? null : { ...empty, name, path, emitter, set, next };
    }
    case 'gateway:exclusive': {
      const next = readTransitions(raw, path, problems, resolve, known);
      return next === null ? null : { ...empty, name, path, next };
    }
    case 'event:end':
      return { ...empty, name, path, next: new Map() };
  }
}
