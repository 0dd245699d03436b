/**
 * Traffic timelines in the engine: the arrivals' clock, spikes, ramps, outages and
 * behaviour changes. Statistical checks run the 20-sessions-a-second funnel
 * (helpers/timeline-scenarios.ts) for half an hour; a window of 10 minutes holds about
 * 17,000 events at the base rate, so a count has a relative standard error near 1 % and the
 * stated tolerances are four standard errors or more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompiledWindow } from '../../src/engine/model.js';
import { Timeline } from '../../src/engine/timeline.js';
import { funnel, MINUTE, run, START, within, type Seen } from '../helpers/timeline-scenarios.js';

const END = START + 30 * MINUTE;
const FROM = START + 10 * MINUTE;
const TO = START + 20 * MINUTE;

/** A window of the timeline, with times after the start. */
function rateWindow(from: number, to: number, rate: [number, number] | null, outage: 'all' | null = null): CompiledWindow {
  return { name: 'w', path: 'timeline[0]', from: { ms: from, afterStart: true }, to: { ms: to, afterStart: true }, rate, outage, transitions: null, settings: {} };
}

const baseline = run(funnel(), END).events;

function ratio(a: number, b: number): number {
  return a / b;
}

function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);
}

test("the arrivals' clock: Λ rises by the multiplier's integral, stands still in an outage, and Λ⁻¹ undoes it", () => {
  const window = fc
    .record({ from: fc.integer({ min: 0, max: 50 }), length: fc.integer({ min: 1, max: 30 }), a: fc.integer({ min: 0, max: 10 }).map((x) => x / 2), b: fc.integer({ min: 0, max: 10 }).map((x) => x / 2), kind: fc.constantFrom('rate', 'outage') })
    .map(({ from, length, a, b, kind }) => ({ from: from * MINUTE, to: (from + length) * MINUTE, a, b, kind }));
  fc.assert(
    fc.property(fc.array(window, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: -10 * MINUTE, max: 100 * MINUTE }), { minLength: 5, maxLength: 20 }), (specs, times) => {
      // Two ramps may not overlap: keep one ramp at most and make the others flat.
      const windows = specs.map((s, i) => rateWindow(s.from, s.to, s.kind === 'outage' ? null : i === 0 ? [s.a, s.b] : [s.a, s.a], s.kind === 'outage' ? 'all' : null));
      const timeline = new Timeline({ display: 't', timeline: windows }, START);
      const sorted = [...times].sort((x, y) => x - y).map((t) => START + t);
      for (let i = 1; i < sorted.length; i++) {
        const [t0, t1] = [sorted[i - 1], sorted[i]];
        const lambda = timeline.operational(t1) - timeline.operational(t0);
        // The integral of the multiplier by the midpoint rule on steps that end on whole seconds
        // (so none crosses a window's edge, on whole minutes): exact for lines.
        let integral = 0;
        for (let t = t0; t < t1; ) {
          const next = Math.min(t1, (Math.floor(t / 1000) + 1) * 1000);
          integral += timeline.multiplierAt((t + next) / 2) * (next - t);
          t = next;
        }
        assert.ok(Math.abs(lambda - integral) <= 1e-6 * Math.max(1, integral) + 1, `Λ(${t1 - START}) - Λ(${t0 - START}) = ${lambda}, ∫ m = ${integral}`);
        // The clock reads epoch ms: near a multiplier of 0 its last bits are worth more than a millisecond of real time.
        if (timeline.multiplierAt(t1) >= 0.5) assert.ok(Math.abs(timeline.real(timeline.operational(t1)) - t1) < 1e-3, `Λ⁻¹(Λ(${t1 - START}))`);
      }
      for (const t of sorted) if (t < START + Math.min(...specs.map((s) => s.from))) assert.equal(timeline.operational(t), t, 'before the first window the clock is the real one');
    }),
    { numRuns: 200 },
  );
});

test('before the first window a run with a timeline is the run without it, event for event', () => {
  const spiked = run(funnel(`timeline:\n  - { from: +10m, to: +20m, rate: 3 }`), END).events;
  const before = (events: readonly Seen[]): Seen[] => events.filter((e) => e.time < FROM);
  // Sessions that started before the window keep every event, also those inside it.
  assert.deepEqual(before(spiked), before(baseline));
});

test('a x3 spike window has 3 times the events per minute of the same window without it (± 5 %), and the rest is as before', () => {
  const spiked = run(funnel(`timeline:\n  - { from: +10m, to: +20m, rate: 3 }`), END).events;
  assertNear(ratio(within(spiked, FROM, TO).length, within(baseline, FROM, TO).length), 3, 0.15, 'events in the window, spiked ÷ base');
  // After the window the rate is the base one again (sessions last at most 10 s).
  assertNear(ratio(within(spiked, TO + MINUTE, END).length, within(baseline, TO + MINUTE, END).length), 1, 0.05, 'events after the window');
});

test('a spike multiplies arrivals given as gaps from a distribution too (± 5 %)', () => {
  const gaps = '{ interarrival: { type: exponential, mean: 0.05 } }';
  const base = run(funnel('', 1, gaps), END).events;
  const spiked = run(funnel(`timeline:\n  - { from: +10m, to: +20m, rate: 3 }`, 1, gaps), END).events;
  assertNear(ratio(within(spiked, FROM, TO).length, within(base, FROM, TO).length), 3, 0.15, 'events in the window, spiked ÷ base');
});

test('an outage has no events inside and the usual traffic outside', () => {
  const down = run(funnel(`timeline:\n  - { from: +10m, to: +20m, outage: true }`), END).events;
  assert.equal(within(down, FROM, TO).length, 0, 'no event in the outage');
  assert.deepEqual(
    down.filter((e) => e.time < FROM),
    baseline.filter((e) => e.time < FROM),
  );
  assertNear(ratio(within(down, TO + MINUTE, END).length, within(baseline, TO + MINUTE, END).length), 1, 0.05, 'events after the outage');
});

test('an outage of purchases: no purchase inside, the other events go on at their usual rate', () => {
  const down = run(funnel(`timeline:\n  - { from: +10m, to: +20m, outage: [purchase] }`), END).events;
  const inside = within(down, FROM, TO);
  assert.equal(inside.filter((e) => e.type === 'purchase').length, 0, 'no purchase in the outage');
  const views = (events: readonly Seen[]): number => events.filter((e) => e.type === 'view').length;
  assertNear(ratio(views(inside), views(within(baseline, FROM, TO))), 1, 0.05, 'views in the window');
  // A session whose purchase fails ends there: its user leaves.
  const sessions = new Map<number, string[]>();
  for (const e of down) sessions.set(e.session, [...(sessions.get(e.session) ?? []), e.type]);
  const failed = inside.filter((e) => e.type === 'cart' && e.time + 5000 >= FROM && e.time + 5000 < TO).map((e) => sessions.get(e.session)!);
  assert.ok(failed.length > 1000);
  assert.ok(failed.every((types) => types.at(-1) === 'cart'), 'a session whose purchase failed ends at its cart');
  assertNear(within(down, TO + MINUTE, END).filter((e) => e.type === 'purchase').length / within(baseline, TO + MINUTE, END).filter((e) => e.type === 'purchase').length, 1, 0.1, 'purchases after the outage');
});

test('a ramp from 1 to 3 rises minute by minute and brings twice the events of the flat window (± 5 %)', () => {
  const ramped = run(funnel(`timeline:\n  - { from: +10m, to: +20m, ramp: [1, 3] }`), END).events;
  const perMinute = Array.from({ length: 10 }, (_, m) => within(ramped, FROM + m * MINUTE, FROM + (m + 1) * MINUTE).length);
  for (let m = 1; m < perMinute.length; m++) assert.ok(perMinute[m] > perMinute[m - 1], `minute ${m}: ${perMinute.join(', ')}`);
  assertNear(ratio(within(ramped, FROM, TO).length, within(baseline, FROM, TO).length), 2, 0.1, 'events in the ramp ÷ base');
});

test('a behaviour change multiplies a transition by its factor inside the window only (± 0.03)', () => {
  const changed = run(funnel(`timeline:\n  - { from: +10m, to: +20m, transitions: { cart: { purchase: 1.5 } } }`), END).events;
  const purchased = new Set(changed.filter((e) => e.type === 'purchase').map((e) => e.session));
  const share = (from: number, to: number): number => {
    const carts = within(changed, from, to).filter((e) => e.type === 'cart');
    return carts.filter((e) => purchased.has(e.session)).length / carts.length;
  };
  // About 3,600 carts a window: the standard error of a share near 0.5 is 0.008.
  assertNear(share(FROM, TO), 0.6, 0.03, 'cart → purchase inside');
  assertNear(share(START, FROM), 0.4, 0.03, 'cart → purchase before');
  assertNear(share(TO, END), 0.4, 0.03, 'cart → purchase after');
});

test('a spike composes with the hour curve: the rate is curve × multiplier (± 5 %)', () => {
  // Half the traffic in the first hour of the day, where the run is.
  const curve = `{ rate: 20, hourly: [${[0.5, ...Array<number>(23).fill(1)].join(', ')}] }`;
  const quiet = run(funnel('', 1, curve), END).events;
  const spiked = run(funnel(`timeline:\n  - { from: +10m, to: +20m, rate: 3 }`, 1, curve), END).events;
  assertNear(ratio(within(quiet, FROM, TO).length, within(baseline, FROM, TO).length), 0.5, 0.05, 'the curve alone');
  assertNear(ratio(within(spiked, FROM, TO).length, within(quiet, FROM, TO).length), 3, 0.15, 'the spike on the curve');
});
