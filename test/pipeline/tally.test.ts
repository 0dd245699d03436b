import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { Sym } from '../../src/engine/sym.js';
import { SummaryCollector, Tally } from '../../src/pipeline/run-summary.js';

// The last one numbered as a catalog's texts push event types out (ecommerce's are near 11,860): counts grow to fit.
const TYPES = [...['page_view', 'add_to_cart', 'purchase', 'search'].map((text, i) => new Sym(text, i * 7 + 3)), new Sym('wishlist', 11_861)];
const event = fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), time: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_600_000 }), late: fc.boolean() });

test('Tally: batches counted apart and added up give the answer key of the events counted one by one', () => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 200 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (events, cuts) => {
      const one = new SummaryCollector();
      for (const e of events) one.add(TYPES[e.type], e.time, e.late);
      // The same events counted in batches (as workers count theirs), the order given record by record.
      const merged = new SummaryCollector();
      const tally = new Tally();
      let at = 0;
      for (let c = 0; at < events.length; c++) {
        const to = Math.min(events.length, at + cuts[c % cuts.length]);
        for (const e of events.slice(at, to)) {
          tally.add(TYPES[e.type].index, e.time, e.late);
          merged.order(e.time);
        }
        merged.addTally(tally.take(), TYPES.reduce<Sym[]>((byIndex, type) => ((byIndex[type.index] = type), byIndex), []));
        at = to;
      }
      const counts = { sessions: 1, users: 1 };
      const stats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
      const a = one.finish('s', 1, counts, stats, 'complete', 0);
      const b = merged.finish('s', 1, counts, stats, 'complete', 0);
      assert.deepEqual({ ...b, events_per_minute: b.events_per_minute }, { ...a, events_per_minute: a.events_per_minute });
      assert.equal(b.events, events.length);
    }),
  );
});
