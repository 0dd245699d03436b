import type { Sym } from '../engine/sym.js';

/**
 * The cases of a `match` by their interned key's index, in an open-addressed table: a `Map`
 * keyed by the Sym cost about 50 instructions a lookup, and a GA4 event looks up 22 cases.
 */
export class CasesBySym<T> {
  private readonly indexes: Int32Array;
  private readonly values: (T | undefined)[];
  private readonly mask: number;

  /** Later cases of the same key replace earlier ones, as `Map#set` does. Keys not interned (index -1) are left out. */
  constructor(cases: readonly (readonly [Sym, T])[]) {
    let size = 8;
    while (size < cases.length * 2) size *= 2;
    this.mask = size - 1;
    this.indexes = new Int32Array(size).fill(-1);
    this.values = new Array<T | undefined>(size).fill(undefined);
    for (const [sym, value] of cases) {
      if (sym.index < 0) continue;
      let at = this.slotOf(sym.index);
      while (this.indexes[at] !== -1 && this.indexes[at] !== sym.index) at = (at + 1) & this.mask;
      this.indexes[at] = sym.index;
      this.values[at] = value;
    }
  }

  /** The case of an interned key, or undefined. */
  get(index: number): T | undefined {
    if (index < 0) return undefined;
    for (let at = this.slotOf(index); ; at = (at + 1) & this.mask) {
      const found = this.indexes[at];
      if (found === index) return this.values[at];
      if (found === -1) return undefined;
    }
  }

  private slotOf(index: number): number {
    return (Math.imul(index, 0x9e3779b1) >>> 16) & this.mask;
  }
}
