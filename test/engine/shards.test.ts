import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { DeliveryOrder } from '../../src/engine/delivery-order.js';
import { Engine } from '../../src/engine/engine.js';
import { planLanes } from '../../src/engine/lanes.js';
import { ownerOf } from '../../src/engine/shards.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { compileBuiltin, compileText } from '../helpers/run-scenario.js';

const START = Date.UTC(2024, 2, 4, 9);

/** One written record with the keys the single run orders by: processing time (late delivery), event time, session. */
interface Written {
  readonly received: number;
  readonly time: number;
  readonly session: number;
  readonly line: string;
}

/** The records of a run (one shard of `count`, or the whole run), in the order it writes them. */
function written(scenario: CompiledScenario, end: number, shard?: { index: number; count: number }): Written[] {
  const engine = new Engine(scenario, { start: START, end, shard });
  const delivery = scenario.delivery === null ? null : new DeliveryOrder(engine);
  const events = delivery ?? engine;
  const encoder = createEncoder(scenario.schema, {});
  const out = new Uint8Array(1 << 16);
  const records: Written[] = [];
  for (let event = events.next(); event !== null; event = events.next()) {
    const length = encoder.encode(event, out, 0);
    records.push({ received: delivery === null ? event.time : delivery.processingTime, time: event.time, session: event.session, line: Buffer.from(out.subarray(0, length)).toString() });
  }
  return records;
}

/** Merges shards' records in the order the single run writes them; within a shard, its own order. */
function merge(shards: Written[][]): string[] {
  const keyed = shards.flatMap((records, shard) => records.map((record, position) => ({ record, shard, position })));
  keyed.sort((a, b) => a.record.received - b.record.received || a.record.time - b.record.time || a.record.session - b.record.session || a.shard - b.shard || a.position - b.position);
  return keyed.map(({ record }) => record.line);
}

// Each built-in with a span that gives it some hundreds of sessions; together they cover
// late delivery (cart), a concurrency cap (gift-shop), a run-wide counter and returning
// visitors with time zones (shop), anonymous sessions (travel) and sequential users.
const SPANS: Record<string, number> = { 'gift-shop': 30_000, shop: 4 * 3_600_000, cart: 150_000, travel: 60_000, ecommerce: 5_000, 'ecommerce-users': 30_000, 'user-behavior': 900_000 };

/**
 * Built-ins with a timeline over their span (a spike, a ramp, an outage of one event type, a
 * whole outage and a behaviour change) and, for shop, an experiment: they hold across shards too.
 */
const TIMELINES: Record<string, string> = {
  'shop+timeline': `extends: shop
name: shop-timeline
timeline:
  - { from: +30m, to: +60m, rate: 3 }
  - { from: +60m, to: +90m, ramp: [3, 0.5] }
  - { from: +100m, to: +120m, outage: [purchase] }
  - { from: +130m, to: +140m, outage: true }
  - { from: +150m, to: +200m, transitions: { category: { product: 1.2 } } }
experiments:
  layout:
    goal: purchase
    arms:
      old: { share: 0.4 }
      new: { share: 0.6, transitions: { home: { search: 2 } } }
fields:
  layout: { ref: experiment.layout }`,
  'gift-shop+timeline': `extends: gift-shop
name: gift-shop-timeline
timeline:
  - { from: +5s, to: +10s, outage: true }
  - { from: +10s, to: +20s, rate: 2, name: spike }
  - { from: +20s, to: +25s, transitions: { home: { viewcart: 3 } } }`,
  'travel+timeline': `extends: travel
name: travel-timeline
timeline:
  - { from: +10s, to: +30s, ramp: [1, 4] }
  - { from: +30s, to: +40s, outage: true }`,
};
for (const name of Object.keys(TIMELINES)) SPANS[name] = SPANS[name.slice(0, name.indexOf('+'))];

function compileNamed(name: string, seed: number): CompiledScenario {
  return name in TIMELINES ? compileText(TIMELINES[name], seed) : compileBuiltin(name, seed);
}

test('the shards of a run, merged in the order the single run writes, are the single run byte for byte: every event once', () => {
  const compiledBySeed = new Map<string, CompiledScenario>();
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(SPANS)), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 }), (name, seed, count) => {
      const key = `${name}/${seed}`;
      let scenario = compiledBySeed.get(key);
      if (scenario === undefined) compiledBySeed.set(key, (scenario = compileNamed(name, seed)));
      const end = START + SPANS[name];
      const single = written(scenario, end);
      const shards = Array.from({ length: count }, (_, index) => written(scenario, end, { index, count }));
      assert.ok(single.length > 50, `${name}: ${single.length} events are too few to say anything`);
      assert.equal(shards.reduce((sum, s) => sum + s.length, 0), single.length, 'every event is written by exactly one shard');
      assert.deepEqual(merge(shards), single.map((record) => record.line));
    }),
    { numRuns: 60 },
  );
});

test('a user is in one shard only, and the shards share the users evenly', () => {
  const scenario = compileBuiltin('gift-shop', 5);
  const count = 4;
  const usersByShard = Array.from({ length: count }, (_, index) => {
    const users = new Set<unknown>();
    for (const record of written(scenario, START + 120_000, { index, count })) users.add((JSON.parse(record.line) as { user_id: unknown }).user_id);
    return users;
  });
  const all = usersByShard.flatMap((users) => [...users]);
  assert.equal(new Set(all).size, all.length, 'no user appears in two shards');
  // 4,000 users in gift-shop's 100 lanes (one per session slot), 25 lanes a shard: 1,000 users each.
  const { count: lanes } = planLanes(scenario);
  assert.equal(lanes, 100);
  const owned = Array.from({ length: count }, (_, shard) => Array.from({ length: 4000 }, (_, user) => ownerOf(user, lanes, count)).filter((owner) => owner === shard).length);
  assert.deepEqual(owned, [1000, 1000, 1000, 1000]);
});

test('a shard that owns no lanes (more shards than lanes) writes nothing and ends; the others still make the single run', () => {
  // The default scenario is split into 64 lanes; gift-shop, capped, into 100 (one per session slot).
  for (const [name, lanes, span] of [
    ['shop', 64, 3_600_000],
    ['gift-shop', 100, 30_000],
  ] as const) {
    const scenario = compileBuiltin(name, 3);
    assert.equal(planLanes(scenario).count, lanes);
    const count = lanes + 1;
    const end = START + span;
    const single = written(scenario, end);
    const shards = Array.from({ length: count }, (_, index) => written(scenario, end, { index, count }));
    assert.equal(shards[lanes].length, 0, `${name}: shard ${lanes}/${count} owns no lane`);
    assert.deepEqual(merge(shards), single.map((record) => record.line), `${name}: the shards are the single run`);
    // Asked for a count, it ends too, instead of waiting for an arrival that never comes.
    assert.equal(new Engine(scenario, { start: START, count: 10, shard: { index: lanes, count } }).next(), null);
  }
});
