import type { ScenarioInput, ValueSource } from '../../schema.js';
import type { ConcurrencySchedule } from '../../schema-timing.js';
import type { ImportedEmitter } from './emitters.js';
import { END, type ImportedMachine } from './machine.js';
import type { ReadDimension } from './dimensions.js';

export interface BuildOptions {
  readonly name: string;
  readonly description: string;
  /** `-m`: at most this many workers (sessions) at once. */
  readonly maxWorkers: number;
  readonly schedule?: ConcurrencySchedule;
}

/** The original's spawner, with every worker busy, looks again this many seconds later. */
const SPAWNER_POLL_SECONDS = 5;

/**
 * The clickgen scenario of an imported config. A worker is a session; a state is a
 * state, its delay applied on entry; a state that writes a record emits an event whose
 * type is the emitter's name. The fields are the emitters' dimensions, in each
 * emitter's order; a dimension that differs between emitters picks its definition by
 * event type, and states leave out the dimensions their emitter lacks.
 */
export function buildScenario(machine: ImportedMachine, emitters: ReadonlyMap<string, ImportedEmitter>, variable: (name: string) => string, options: BuildOptions): { scenario: ScenarioInput; columns: string[] } {
  const used = [...new Set(machine.states.map((s) => s.emitter).filter((e): e is string => e !== null))].map((e) => emitters.get(e)!);
  const columns = mergeOrders(used.map((e) => e.dimensions.map((d) => d.name)));
  const fields: Record<string, ValueSource> = {};
  for (const column of columns) fields[column] = fieldSource(column, used);

  const stateName = (name: string): string => (name === 'end' ? 'end (state)' : name);
  const vars = (dims: readonly ReadDimension[]): Record<string, ValueSource> | undefined =>
    dims.length === 0 ? undefined : Object.fromEntries(dims.map((d) => [variable(d.name), d.source]));
  const states: ScenarioInput['states'] = {};
  for (const s of machine.states) {
    const emitter = s.emitter === null ? undefined : emitters.get(s.emitter)!;
    const own = new Set(emitter?.dimensions.map((d) => d.name));
    const omit = emitter === undefined ? [] : columns.filter((c) => !own.has(c));
    states[stateName(s.name)] = {
      event: s.emitter,
      dwell: { type: 'constant', value: 0 },
      ...(s.delay === null ? {} : { delay: s.delay }),
      ...(s.enter.length === 0 ? {} : { set_on_entry: vars(s.enter) }),
      ...(s.set.length === 0 ? {} : { set: vars(s.set) }),
      ...(omit.length === 0 ? {} : { omit }),
      next: Object.fromEntries([...s.next].map(([target, p]) => [target === END ? 'end' : stateName(target), p])),
    };
  }
  return {
    columns,
    scenario: {
      name: options.name,
      description: options.description,
      population: { anonymous_rate: 1 },
      arrivals: {
        interarrival: machine.interarrival,
        max_concurrent: options.maxWorkers,
        when_full: { retry_after: SPAWNER_POLL_SECONDS },
        ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
      },
      session: { id: null },
      initial: stateName(machine.initial),
      states,
      fields,
    },
  };
}

/** One definition when every emitter defines the field alike; otherwise chosen by the event type (the emitter). */
function fieldSource(column: string, emitters: readonly ImportedEmitter[]): ValueSource {
  const definitions = emitters.flatMap((e) => e.dimensions.filter((d) => d.name === column).map((d) => ({ emitter: e.name, source: d.source })));
  const first = definitions[0];
  if (definitions.every((d) => JSON.stringify(d.source) === JSON.stringify(first.source))) return first.source;
  return { match: 'event.type', cases: Object.fromEntries(definitions.map((d) => [d.emitter, d.source])) };
}

/**
 * One order that keeps every list's own order where the lists agree (a topological
 * merge, earlier lists first on ties); where they conflict, first appearance wins.
 */
export function mergeOrders(lists: readonly (readonly string[])[]): string[] {
  const names = [...new Set(lists.flat())];
  const after = new Map(names.map((n) => [n, new Set<string>()]));
  for (const list of lists) for (let i = 1; i < list.length; i++) after.get(list[i - 1])!.add(list[i]);
  const indegree = new Map(names.map((n) => [n, 0]));
  for (const set of after.values()) for (const n of set) indegree.set(n, indegree.get(n)! + 1);
  const out: string[] = [];
  const done = new Set<string>();
  while (out.length < names.length) {
    const ready = names.find((n) => !done.has(n) && indegree.get(n) === 0) ?? names.find((n) => !done.has(n))!;
    done.add(ready);
    out.push(ready);
    for (const n of after.get(ready)!) indegree.set(n, indegree.get(n)! - 1);
  }
  return out;
}
