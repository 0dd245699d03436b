import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBuiltin, events } from '../helpers/run-scenario.js';

const START = Date.UTC(2024, 2, 4);
const DAY = 86_400_000;
const all = events(compileBuiltin('shop'), { start: START, end: START + 4 * DAY });

const TYPES = ['page_view', 'search', 'product_view', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'purchase'];
const COMMON = ['timestamp', 'event_id', 'event_type', 'session_id', 'user_id', 'device', 'os', 'browser', 'country', 'timezone', 'traffic_source', 'referrer', 'page'];
const PRODUCT = ['product_id', 'product_category', 'price'];
/** The optional fields each event type carries, and only those. */
const OPTIONAL: Record<string, string[]> = {
  page_view: [],
  search: ['query'],
  product_view: PRODUCT,
  add_to_cart: [...PRODUCT, 'quantity'],
  remove_from_cart: [...PRODUCT, 'quantity'],
  begin_checkout: ['quantity', 'order_value'],
  purchase: ['quantity', 'order_id', 'order_value'],
};
const COUNTRY: Record<string, string> = {
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Denver': 'US',
  'America/Los_Angeles': 'US',
  'America/Toronto': 'CA',
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Berlin': 'DE',
  'Europe/Paris': 'FR',
  'Europe/Amsterdam': 'NL',
  'Europe/Madrid': 'ES',
  'Europe/Rome': 'IT',
  'Australia/Sydney': 'AU',
};
const OS: Record<string, string[]> = { mobile: ['iOS', 'Android'], tablet: ['iPadOS', 'Android'], desktop: ['Windows', 'macOS', 'Linux', 'ChromeOS'] };

const bySession = new Map<unknown, Record<string, unknown>[]>();
for (const e of all) {
  const list = bySession.get(e.session_id) ?? [];
  list.push(e);
  bySession.set(e.session_id, list);
}

test('every event has the flat fields, and the optional ones exactly where they apply', () => {
  assert.ok(bySession.size > 8000, `${bySession.size} sessions in 4 days`);
  const seenTypes = new Set<unknown>();
  for (const e of all) {
    const type = e.event_type as string;
    seenTypes.add(type);
    assert.ok(TYPES.includes(type), type);
    assert.deepEqual(Object.keys(e), [...COMMON, ...OPTIONAL[type]].sort((a, b) => order(a) - order(b)), type);
    assert.match(e.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(e.event_id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(['organic_search', 'paid_search', 'direct', 'social', 'email', 'referral'].includes(e.traffic_source as string));
    assert.ok((e.page as string).startsWith('/'));
  }
  assert.deepEqual([...seenTypes].sort(), [...TYPES].sort());
});

function order(field: string): number {
  return [...COMMON, 'query', 'product_id', 'product_category', 'price', 'quantity', 'order_id', 'order_value'].indexOf(field);
}

test('a session keeps its visitor, device, place and source; a user keeps their place', () => {
  const place = new Map<unknown, string>();
  for (const [id, list] of bySession) {
    const first = list[0];
    for (const e of list) for (const f of ['user_id', 'device', 'os', 'browser', 'country', 'timezone', 'traffic_source', 'referrer']) assert.equal(e[f], first[f], `${String(id)}: ${f}`);
    const where = `${first.timezone as string} ${first.country as string}`;
    assert.equal(place.get(first.user_id) ?? where, where, `${first.user_id as string} moved`);
    place.set(first.user_id, where);
    assert.equal(first.country, COUNTRY[first.timezone as string]);
    assert.ok(OS[first.device as string].includes(first.os as string), `${first.os as string} on ${first.device as string}`);
    if (first.browser === 'Safari') assert.ok(['iOS', 'iPadOS', 'macOS'].includes(first.os as string));
    const external = !['direct', 'email'].includes(first.traffic_source as string);
    assert.equal(typeof first.referrer === 'string', external, `${first.traffic_source as string} with referrer ${String(first.referrer)}`);
    assert.ok(['page_view', 'product_view'].includes(first.event_type as string), 'visits land on a page');
    for (let i = 1; i < list.length; i++) assert.ok((list[i].timestamp as string) >= (list[i - 1].timestamp as string));
  }
});

test('pages match their events: product pages name the product, searches their query', () => {
  for (const e of all) {
    if (e.event_type === 'product_view') assert.equal(e.page, `/p/${e.product_id as string}`);
    if (e.event_type === 'search') assert.equal(e.page, `/search?q=${(e.query as string).replaceAll(' ', '+')}`);
    if (e.event_type === 'purchase') assert.equal(e.page, '/checkout/confirmation');
  }
});

test('carts add up: removals take out a unit that is in the cart, checkouts and orders total the cart', () => {
  const orderIds = new Set<unknown>();
  let purchases = 0;
  for (const list of bySession.values()) {
    const cart = new Map<string, { price: number; quantity: number }>();
    const total = (): { value: number; units: number } => {
      let cents = 0;
      let units = 0;
      for (const l of cart.values()) {
        cents += Math.round(l.price * 100) * l.quantity;
        units += l.quantity;
      }
      return { value: cents / 100, units };
    };
    for (const e of list) {
      const id = e.product_id as string;
      if (e.event_type === 'add_to_cart') {
        assert.ok((e.quantity as number) >= 1);
        cart.set(id, { price: e.price as number, quantity: (cart.get(id)?.quantity ?? 0) + (e.quantity as number) });
      } else if (e.event_type === 'remove_from_cart') {
        const line = cart.get(id);
        assert.ok(line !== undefined, `removed ${id}, which is not in the cart`);
        assert.equal(e.quantity, 1, 'a removal takes out one unit');
        assert.equal(e.price, line.price);
        if (line.quantity === 1) cart.delete(id);
        else line.quantity--;
      } else if (e.event_type === 'begin_checkout' || e.event_type === 'purchase') {
        const { value, units } = total();
        assert.ok(units > 0, `${e.event_type as string} with an empty cart`);
        assert.equal(e.order_value, value);
        assert.equal(e.quantity, units);
        if (e.event_type === 'purchase') {
          purchases++;
          assert.ok(!orderIds.has(e.order_id), `order id ${e.order_id as string} twice`);
          orderIds.add(e.order_id);
          cart.clear();
        }
      }
    }
  }
  assert.ok(purchases > 100, `${purchases} purchases`);
});

test('the same seed gives the same events', () => {
  const again = events(compileBuiltin('shop'), { start: START, end: START + DAY / 4 });
  assert.deepEqual(again, all.slice(0, again.length));
});
