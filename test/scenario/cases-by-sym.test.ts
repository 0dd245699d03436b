/** CasesBySym finds a match's case by its key's Sym index as a Map keyed by the Sym does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sym } from '../../src/engine/sym.js';
import { CasesBySym } from '../../src/scenario/cases-by-sym.js';

test('CasesBySym.get answers as a Map of the same cases, for keys in it and not', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat({ max: 100_000 }), fc.string()), { maxLength: 60 }), fc.array(fc.integer({ min: -1, max: 100_000 }), { maxLength: 60 }), (cases, probes) => {
      const syms = new Map<number, Sym>();
      const symOf = (index: number): Sym => syms.get(index) ?? syms.set(index, new Sym(`t${index}`, index)).get(index)!;
      const pairs = cases.map(([index, value]) => [symOf(index), value] as const);
      const table = new CasesBySym(pairs);
      const expected = new Map(pairs);
      for (const index of [...probes, ...cases.map(([i]) => i)]) {
        assert.equal(table.get(index), index < 0 ? undefined : expected.get(symOf(index)));
      }
    }),
  );
});

test('CasesBySym leaves out keys that are not interned', () => {
  const table = new CasesBySym([[new Sym('kept per session'), 'no'] as const, [new Sym('yes', 7), 'yes'] as const]);
  assert.equal(table.get(-1), undefined);
  assert.equal(table.get(7), 'yes');
});
