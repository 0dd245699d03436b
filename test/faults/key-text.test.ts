/**
 * The answer key's windows, counted in dense tables and written as text straight from them,
 * equal what a plain count per window start gives, and the key's text is JSON.stringify's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sym } from '../../src/engine/sym.js';
import { AnswerKeyCollector, type WindowCounts } from '../../src/faults/answer-key.js';
import { keyText } from '../../src/faults/key-text.js';
import type { FaultPlan } from '../../src/faults/plan.js';
import { revenueText } from '../../src/faults/revenue.js';

const DAY = 86_400_000;
const TYPES = ['page_view', 'purchase', 'add_to_cart', 'zoom "in"', 'été', 'a\nb', 'Purchase'];

interface Written {
  readonly type: number;
  readonly time: number;
  readonly processingTime: number;
  readonly revenue: number;
  readonly bad: boolean;
  readonly copy: boolean;
}

function planOf(windowMs: number, purchases: FaultPlan['purchases']): FaultPlan {
  return {
    seed: 1,
    dropShare: 0,
    duplicateShare: 0,
    duplicateDelay: { sample: () => 1, mean: 1 },
    badShare: 0,
    badKinds: null,
    windowMs,
    watermarksMs: [],
    purchases,
    drift: [],
    settings: {},
    position: { index: 0 },
    fatePrefix: 0,
    badPrefix: 0,
  };
}

/** The windows as one plain count per window start would list them. */
function expectedWindows(plan: FaultPlan, records: readonly Written[], started: ReadonlyMap<number, number> | null, timeOf: (r: Written) => number): Record<string, WindowCounts> {
  const byStart = new Map<number, { events: number; byType: Map<string, number>; purchases: number; revenue: number }>();
  for (const record of records) {
    if (record.bad || record.copy) continue;
    const start = Math.floor(timeOf(record) / plan.windowMs) * plan.windowMs;
    let window = byStart.get(start);
    if (window === undefined) byStart.set(start, (window = { events: 0, byType: new Map(), purchases: 0, revenue: 0 }));
    const name = TYPES[record.type];
    window.events++;
    window.byType.set(name, (window.byType.get(name) ?? 0) + 1);
    if (name === plan.purchases?.event) {
      window.purchases++;
      window.revenue += record.revenue;
    }
  }
  const starts = [...new Set([...byStart.keys(), ...(started?.keys() ?? [])])].sort((a, b) => a - b);
  const out: Record<string, WindowCounts> = {};
  for (const start of starts) {
    const window = byStart.get(start);
    const names = [...(window?.byType.keys() ?? [])].sort((a, b) => (a < b ? -1 : 1));
    const counts: WindowCounts = { events: window?.events ?? 0, events_by_type: Object.fromEntries(names.map((name) => [name, window!.byType.get(name)!])) };
    if (started !== null) counts.sessions_started = started.get(start) ?? 0;
    if (plan.purchases !== null) {
      counts.purchases = window?.purchases ?? 0;
      if (plan.purchases.revenue !== null) counts.revenue = revenueText(window?.revenue ?? 0, plan.purchases.decimals);
    }
    out[new Date(start).toISOString()] = counts;
  }
  return out;
}

/** A record at `spread` (-1 to 1) of the run's span from its base, received `lag` ms later; a few bad or a duplicate's copy. */
const recordArb = fc.record({
  type: fc.integer({ min: 0, max: TYPES.length - 1 }),
  spread: fc.double({ min: -1, max: 1, noNaN: true }),
  lag: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200_000 })),
  revenue: fc.integer({ min: -500, max: 1_000_000 }),
  fault: fc.integer({ min: 0, max: 9 }),
});

test('answer key windows: dense counts list the windows, types, sessions started and revenue of a plain count, and write the same text as JSON.stringify', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(1000, 60_000, 3_600_000, 7_000),
      fc.constantFrom<FaultPlan['purchases']>(null, { event: 'purchase', revenue: null, decimals: 2 }, { event: 'purchase', revenue: 'price', decimals: 2 }, { event: 'été', revenue: 'x', decimals: 0 }),
      fc.constantFrom(1_704_067_200_000, 0, 3 * DAY + 5),
      fc.constantFrom(60_000, 3 * DAY, 400 * DAY),
      fc.array(recordArb, { maxLength: 200 }),
      fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: 1, max: 9 })), { maxLength: 20 }),
      (windowMs, purchases, base, span, drawn, startedAt) => {
        const plan = planOf(windowMs, purchases);
        const records: Written[] = drawn.map(({ type, spread, lag, revenue, fault }) => {
          const time = base + Math.round(spread * span);
          return { type, time, processingTime: time + lag, revenue, bad: fault === 0, copy: fault === 1 };
        });
        const started = new Map<number, number>();
        for (const [spread, n] of startedAt) {
          const start = Math.floor((base + Math.round(spread * span)) / windowMs) * windowMs;
          started.set(start, (started.get(start) ?? 0) + n);
        }
        // Sym indexes are sparse (every interned text has one), as in a compiled scenario.
        const syms = TYPES.map((text, i) => new Sym(text, 10 + 3 * i));
        const key = new AnswerKeyCollector(plan);
        records.forEach((r, position) => {
          const mark = r.bad || r.copy ? { session: 1, index: position, duplicated: r.copy, copy: r.copy, bad: r.bad } : undefined;
          key.add(syms[r.type], r.time, position, r.processingTime, mark, r.bad ? 'truncated' : null, r.revenue);
        });
        const { windows } = key.finish({ dropped: [], sessionsStarted: started });
        const expected = { seconds: windowMs / 1000, event_time: expectedWindows(plan, records, started, (r) => r.time), processing_time: expectedWindows(plan, records, null, (r) => r.processingTime) };
        assert.deepEqual(windows, expected);
        const summary = { version: 2, events: records.length, windows, after: [1, { a: 'b' }], skipped: undefined };
        assert.equal(Buffer.concat(keyText(summary)).toString('utf8'), `${JSON.stringify({ ...summary, windows: expected }, null, 2)}\n`);
      },
    ),
    { numRuns: 300 },
  );
});

test('answer key text: a key without self-writing parts is JSON.stringify text, an empty one too', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (key) => {
      assert.equal(Buffer.concat(keyText(key)).toString('utf8'), `${JSON.stringify(key, null, 2)}\n`);
    }),
    { numRuns: 500 },
  );
  assert.equal(Buffer.concat(keyText({})).toString('utf8'), '{}\n');
});
