import { AliasTable } from '../random/alias.js';
import { cartSize } from '../engine/cart.js';
import type { Session } from '../engine/session.js';
import type { Transition } from './schema.js';
import { guardHolds, transitionGuard, transitionWeight } from './transitions.js';

/** How a state picks its next state. */
export interface CompiledTransitions {
  /** Next state index per alias outcome; -1 ends the session. */
  readonly targets: Int32Array;
  readonly transitions: AliasTable | null;
  /**
   * Set when a transition has a `when` guard: picks among the transitions whose guard holds
   * for the session's cart (a blocked transition's weight goes to the others in proportion);
   * -1 ends the session.
   */
  readonly choose: ((session: Session) => number) | null;
}

interface Table {
  readonly targets: Int32Array;
  readonly table: AliasTable | null;
}

/** `index` maps a state name to its index (`end` to -1). */
export function compileTransitions(next: Readonly<Record<string, Transition>>, index: (name: string) => number): CompiledTransitions {
  const entries = Object.entries(next);
  const rest = 1 - entries.reduce((sum, [, t]) => sum + transitionWeight(t), 0);
  const build = (cart: number | null): Table => {
    const weights: number[] = [];
    const targets: number[] = [];
    for (const [name, t] of entries) {
      const guard = transitionGuard(t);
      if (cart !== null && guard !== null && !guardHolds(guard, cart)) continue;
      weights.push(transitionWeight(t));
      targets.push(index(name));
    }
    if (rest > 1e-9) {
      weights.push(rest);
      targets.push(-1);
    }
    return { targets: Int32Array.from(targets), table: weights.some((w) => w > 0) ? new AliasTable(weights) : null };
  };
  const all = build(null);
  if (entries.every(([, t]) => transitionGuard(t) === null)) return { targets: all.targets, transitions: all.table, choose: null };
  // Guards look only at whether the cart is empty: two tables cover every case.
  const empty = build(0);
  const filled = build(1);
  const pick = (t: Table, s: Session): number => (t.table === null ? -1 : t.targets[t.table.pick(s.rng)]);
  return { targets: all.targets, transitions: all.table, choose: (s) => pick(cartSize(s) > 0 ? filled : empty, s) };
}
