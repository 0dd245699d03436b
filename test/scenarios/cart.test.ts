/**
 * The built-in `cart` scenario against the Kafka clickstream producer it replaces: its
 * schema, its numbers (5% late by 10-120 s, 100 users, 50 products, 10 events/s, 30-minute
 * sessions) and carts that stay consistent per session. Its golden hash is in
 * test/engine/golden.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { assertNear, generate, groupBy, UUID, type Generated } from './generate.js';

const START = '2026-01-01T00:00:00Z';
const START_MS = Date.parse(START);
const FIELDS = ['event_id', 'user_id', 'session_id', 'event_type', 'product_id', 'price', 'event_time', 'processing_time'];
const TYPES = new Set(['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT', 'PURCHASE']);

interface CartEvent {
  event_id: string;
  user_id: string;
  session_id: string;
  event_type: string;
  product_id: string | null;
  price: number;
  event_time: number;
  processing_time: number;
}

let large: Promise<Generated> | undefined;
/** One 100,000-event run shared by the tests below. */
function largeRun(): Promise<Generated> {
  large ??= generate(['-s', 'cart', '-n', '100000', '--start', START]);
  return large;
}

async function largeEvents(): Promise<CartEvent[]> {
  const run = await largeRun();
  return run.files.get('events.jsonl')!.events as unknown as CartEvent[];
}

test('cart: every event has the seed schema, in order, with values from their domains (100,000 events)', async () => {
  const events = await largeEvents();
  assert.equal(events.length, 100_000);
  const priceOf = new Map<string, number>();
  const users = new Set<string>();
  const products = new Set<string>();
  for (const e of events) {
    assert.deepEqual(Object.keys(e), FIELDS);
    assert.match(e.event_id, UUID);
    assert.match(e.session_id, UUID);
    assert.match(e.user_id, /^USER_\d{4}$/);
    const user = Number(e.user_id.slice(5));
    assert.ok(user >= 1 && user <= 100, `user ${e.user_id} outside USER_0001..USER_0100`);
    users.add(e.user_id);
    assert.ok(TYPES.has(e.event_type), `event_type ${e.event_type}`);
    assert.ok(Number.isSafeInteger(e.event_time) && Number.isSafeInteger(e.processing_time));
    assert.ok(e.event_time >= START_MS);
    assert.equal(typeof e.price, 'number');
    assert.ok(e.price > 0 && Math.abs(e.price * 100 - Math.round(e.price * 100)) < 1e-6, `price ${e.price} is not a positive amount in cents`);
    if (e.event_type === 'CHECKOUT') {
      assert.equal(e.product_id, null, 'a checkout is for the whole cart');
      continue;
    }
    assert.match(e.product_id!, /^PROD_\d{3}$/);
    const product = Number(e.product_id!.slice(5));
    assert.ok(product >= 1 && product <= 50, `product ${e.product_id} outside PROD_001..PROD_050`);
    products.add(e.product_id!);
    // A product has one price in the catalog, whatever the event.
    const known = priceOf.get(e.product_id!);
    if (known === undefined) priceOf.set(e.product_id!, e.price);
    else assert.equal(e.price, known, `${e.product_id} costs ${known} and ${e.price}`);
  }
  assert.equal(users.size, 100, 'NUM_USERS = 100: every user shows up');
  assert.ok(products.size >= 45, `NUM_PRODUCTS = 50: ${products.size} products seen`);
  const prices = [...priceOf.values()].sort((a, b) => a - b);
  // Varied pricing: the dearest product costs many times the cheapest.
  assert.ok(prices.at(-1)! / prices[0] > 10, `prices from ${prices[0]} to ${prices.at(-1)}`);
  assert.equal(new Set(events.map((e) => e.event_id)).size, events.length, 'event ids are unique');
});

test('cart: 5% of events arrive 10-120 s late, on-time ones at once, written in processing-time order', async () => {
  const run = await largeRun();
  const events = run.files.get('events.jsonl')!.events as unknown as CartEvent[];
  let late = 0;
  let minDelay = Infinity;
  let maxDelay = -Infinity;
  let outOfOrder = 0;
  let latestEventTime = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const delay = e.processing_time - e.event_time;
    if (delay === 0) {
      // on time
    } else {
      late++;
      minDelay = Math.min(minDelay, delay);
      maxDelay = Math.max(maxDelay, delay);
    }
    if (i > 0) assert.ok(e.processing_time >= events[i - 1].processing_time, `event ${i} is written before one received earlier`);
    if (e.event_time < latestEventTime) outOfOrder++;
    latestEventTime = Math.max(latestEventTime, e.event_time);
  }
  assertNear('late share (LATE_DATA_PERCENTAGE 0.05)', late / events.length, 0.05, 0.005);
  assert.ok(minDelay >= 10_000 && maxDelay <= 120_000, `late delays ${minDelay}..${maxDelay} ms, must be 10-120 s`);
  // Over ~5,000 late events uniform on 10-120 s the extremes come within a second of the bounds.
  assert.ok(minDelay < 11_000 && maxDelay > 119_000, `late delays ${minDelay}..${maxDelay} ms do not span 10-120 s`);
  assert.ok(outOfOrder > 0.8 * late, `${outOfOrder} events out of order for ${late} late ones`);
  assert.equal(run.summary.late_events, late);
  assert.equal(run.summary.out_of_order_events, outOfOrder);
});

test('cart: carts stay consistent in every session, replayed in event-time order', async () => {
  const events = await largeEvents();
  const lastTime = Math.max(...events.map((e) => e.event_time));
  // At one event time a checkout comes before the purchases it makes.
  const rank = (type: string): number => (type === 'CHECKOUT' ? 1 : type === 'PURCHASE' ? 2 : 0);
  const sessions = groupBy(events, (e) => e.session_id);
  let checkouts = 0;
  let removes = 0;
  let purchases = 0;
  for (const [id, list] of sessions) {
    const ordered = [...list].sort((a, b) => a.event_time - b.event_time || rank(a.event_type) - rank(b.event_type));
    assert.equal(ordered[0].event_type, 'VIEW', `session ${id} starts with ${ordered[0].event_type}`);
    assert.ok(ordered.at(-1)!.event_time - ordered[0].event_time <= 30 * 60_000, `session ${id} lasts more than 30 minutes`);
    assert.equal(new Set(list.map((e) => e.user_id)).size, 1, `session ${id} has several users`);
    const cart: string[] = [];
    const prices = new Map<string, number>();
    let pendingPurchases = -1;
    for (const e of ordered) {
      const where = `session ${id}, ${e.event_type} at ${e.event_time}`;
      if (pendingPurchases > 0) assert.equal(e.event_type, 'PURCHASE', `${where}: expected a purchase after the checkout`);
      switch (e.event_type) {
        case 'ADD_TO_CART':
          cart.push(e.product_id!);
          prices.set(e.product_id!, e.price);
          break;
        case 'REMOVE_FROM_CART': {
          removes++;
          const i = cart.indexOf(e.product_id!);
          assert.ok(i >= 0, `${where}: removes ${e.product_id}, not in the cart [${cart.join(', ')}]`);
          assert.equal(e.price, prices.get(e.product_id!), `${where}: price differs from when it was added`);
          cart.splice(i, 1);
          break;
        }
        case 'CHECKOUT': {
          checkouts++;
          assert.ok(cart.length > 0, `${where}: checkout with an empty cart`);
          const total = cart.reduce((sum, p) => sum + prices.get(p)!, 0);
          assertNear(`${where}: checkout price is the cart total`, e.price, total, 1e-6);
          pendingPurchases = cart.length;
          break;
        }
        case 'PURCHASE': {
          purchases++;
          assert.ok(pendingPurchases > 0, `${where}: purchase without a checkout before it`);
          const i = cart.indexOf(e.product_id!);
          assert.ok(i >= 0, `${where}: buys ${e.product_id}, not in the cart`);
          cart.splice(i, 1);
          pendingPurchases--;
          break;
        }
      }
    }
    // The run stops at 100,000 events: only a checkout at the very last event time may be cut short.
    if (pendingPurchases > 0) assert.equal(ordered.at(-1)!.event_time, lastTime, `session ${id}: checkout without all its purchases`);
    if (pendingPurchases === 0) assert.equal(ordered.at(-1)!.event_type, 'PURCHASE', `session ${id}: events after the purchase`);
  }
  // Enough of each kind for the checks above to mean something.
  assert.ok(checkouts > 1000 && removes > 500 && purchases > checkouts, `${checkouts} checkouts, ${removes} removes, ${purchases} purchases`);
});

test('cart: 10 events per second (EVENTS_PER_SECOND) once sessions are under way', async () => {
  const events = await largeEvents();
  // The first half hour ramps up from no sessions in progress.
  const from = START_MS + 30 * 60_000;
  const to = Math.max(...events.map((e) => e.event_time));
  const n = events.filter((e) => e.event_time >= from).length;
  assertNear('events per second', n / ((to - from) / 1000), 10, 0.5);
});

test('cart: --set changes users, products and lateness', async () => {
  const run = await generate(['-s', 'cart', '-n', '20000', '--start', START, '--seed', '9', '--set', 'NUM_USERS=20', '--set', 'NUM_PRODUCTS=10', '--set', 'LATE_DATA_PERCENTAGE=0.2', '--set', 'MAX_LATE_SECONDS=30']);
  const events = run.files.get('events.jsonl')!.events as unknown as CartEvent[];
  const users = new Set(events.map((e) => e.user_id));
  const products = new Set(events.filter((e) => e.product_id !== null).map((e) => e.product_id));
  assert.deepEqual([...users].sort(), Array.from({ length: 20 }, (_, i) => `USER_${String(i + 1).padStart(4, '0')}`));
  assert.deepEqual([...products].sort(), Array.from({ length: 10 }, (_, i) => `PROD_${String(i + 1).padStart(3, '0')}`));
  const delays = events.map((e) => e.processing_time - e.event_time).filter((d) => d > 0);
  assertNear('late share with LATE_DATA_PERCENTAGE=0.2', delays.length / events.length, 0.2, 0.015);
  assert.ok(Math.min(...delays) >= 10_000 && Math.max(...delays) <= 30_000, 'delays within 10-30 s');
});

test('cart: sinks default to Kafka topic clickstream keyed by user_id', () => {
  const loaded = loadScenario('cart');
  assert.deepEqual(compileScenario(loaded.scenario, 1).sinks.kafka, { topic: 'clickstream', key: 'user_id' });
  assert.deepEqual(loaded.warnings, []);
});
