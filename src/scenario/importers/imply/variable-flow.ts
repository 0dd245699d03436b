import type { ImportedEmitter } from './emitters.js';
import { END, type ImportedMachine } from './machine.js';
import type { Problems } from './reader.js';

/**
 * Checks that every variable a state reads (through its emitter's `variable`
 * dimensions, or inside its own variables) has been set on every path from the start
 * to that state. The original crashes the worker thread at run time (and then hangs)
 * when a path leaves one unset; here such a config is refused before anything runs.
 * Also warns about states no worker reaches and loops no worker leaves.
 */
export function checkVariableFlow(machine: ImportedMachine, emitters: ReadonlyMap<string, ImportedEmitter>, problems: Problems): void {
  const byName = new Map(machine.states.map((s) => [s.name, s]));
  const reachable = reach(machine.initial, (name) => [...(byName.get(name)?.next.keys() ?? [])].filter((n) => n !== END));
  const setBy = (name: string): string[] => {
    const s = byName.get(name)!;
    return [...s.enter, ...s.set].map((d) => d.name);
  };
  // Variables surely set on leaving each state: a must-analysis, iterated to a fixpoint.
  const out = new Map<string, Set<string> | null>();
  for (const name of reachable) out.set(name, null);
  const preds = new Map<string, string[]>();
  for (const name of reachable) for (const next of byName.get(name)!.next.keys()) if (next !== END) preds.set(next, [...(preds.get(next) ?? []), name]);
  const entry = (name: string): Set<string> => {
    let acc: Set<string> | null = name === machine.initial ? new Set() : null;
    for (const p of preds.get(name) ?? []) {
      const o = out.get(p);
      if (o === null || o === undefined) continue;
      acc = acc === null ? new Set(o) : new Set([...acc].filter((v) => o.has(v)));
    }
    return acc ?? new Set();
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of reachable) {
      const next = new Set([...entry(name), ...setBy(name)]);
      const previous = out.get(name);
      if (previous === null || previous === undefined || previous.size !== next.size) {
        out.set(name, next);
        changed = true;
      }
    }
  }
  for (const name of reachable) {
    const state = byName.get(name)!;
    const known = out.get(name)!;
    const emitter = state.emitter === null ? undefined : emitters.get(state.emitter);
    const reads = [
      ...(emitter?.dimensions ?? []).map((d, i) => ({ d, path: [...emitter!.path, 'dimensions', i] })),
      ...state.enter.map((d) => ({ d, path: state.path })),
      ...state.set.map((d) => ({ d, path: state.path })),
    ];
    for (const { d, path } of reads) {
      for (const variable of d.reads) {
        if (known.has(variable)) continue;
        const owner = emitter?.dimensions.includes(d) === true ? `emitter "${emitter.name}"` : `state "${name}"`;
        problems.error(path, `${owner}, dimension "${d.name}", reads variable "${variable}", which is not set on every path from the start to state "${name}" (${setAnywhere(machine, variable) ? 'set only on some paths' : 'never set by any state'})`);
      }
    }
  }
  for (const state of machine.states) if (!reachable.has(state.name)) problems.warn(state.path, `state "${state.name}" is unreachable from the start`);
  const canEnd = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of machine.states) {
      if (canEnd.has(s.name)) continue;
      if (s.next.size === 0 || [...s.next.keys()].some((n) => n === END || canEnd.has(n))) {
        canEnd.add(s.name);
        changed = true;
      }
    }
  }
  for (const name of reachable) {
    if (!canEnd.has(name)) problems.warn(byName.get(name)!.path, `state "${name}" has no path to an end: its workers never finish`);
  }
}

function reach(start: string, successors: (name: string) => string[]): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of successors(queue.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function setAnywhere(machine: ImportedMachine, variable: string): boolean {
  return machine.states.some((s) => [...s.enter, ...s.set].some((d) => d.name === variable));
}
