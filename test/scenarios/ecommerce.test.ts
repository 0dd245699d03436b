/**
 * The ecommerce and ecommerce-users scenarios against the numbers of their seed: segment
 * shares, spending and order ranges, per-segment interaction mixes, category price
 * ranges, session and view durations, and the schema of every event. Runs use seed 1
 * from Monday 2024-01-01; statistical tolerances are the ones stated per test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBytes, sha256 } from '../helpers/generate.js';
import { compileBuiltin, columnReader, forEachEvent, MONDAY, parsedEvents, text } from './scenario-run.js';
import { assertNear, UUID } from './generate.js';

const SEGMENTS = { casual: 0.4, regular: 0.35, power: 0.2, premium: 0.05 } as const;
type Segment = keyof typeof SEGMENTS;
const TYPES = ['view', 'click', 'add_to_cart', 'purchase', 'wishlist'] as const;
const MIXES: Record<Segment, readonly number[]> = {
  casual: [0.6, 0.25, 0.08, 0.02, 0.05],
  regular: [0.5, 0.2, 0.15, 0.08, 0.07],
  power: [0.4, 0.15, 0.2, 0.15, 0.1],
  premium: [0.35, 0.1, 0.25, 0.2, 0.1],
};
const PRICES: Record<string, readonly [number, number]> = {
  electronics: [50, 2000],
  clothing: [10, 200],
  home: [20, 500],
  beauty: [15, 100],
  sports: [30, 300],
  books: [10, 50],
  toys: [15, 80],
  automotive: [50, 800],
  grocery: [5, 50],
  health: [10, 150],
};
const SPENDING: Record<Segment, { spent: readonly [number, number]; orders: readonly [number, number] }> = {
  casual: { spent: [0, 500], orders: [0, 10] },
  regular: { spent: [500, 2000], orders: [10, 50] },
  power: { spent: [2000, 10000], orders: [50, 200] },
  premium: { spent: [10000, 50000], orders: [200, 1000] },
};
const DEVICES = { mobile: 0.65, desktop: 0.32, tablet: 0.03 } as const;
const BROWSERS = ['chrome', 'safari', 'firefox', 'edge'];
const REFERRERS = ['/home', '/search', '/category', '/recommendations', null];

const scenario = compileBuiltin('ecommerce');
/**
 * The statistics run: arrivals slowed to 2 sessions a second (the rate changes only how
 * densely sessions overlap, not what they contain) so that 400,000 events span about
 * three simulated hours and most sessions end inside the run.
 */
const slow = compileBuiltin('ecommerce', ['arrivals.rate=2']);
const cities = new Map(scenario.catalogs.get('cities')!.rows.map((row) => [text(row[0]), text(row[1])]));

/** 400,000 interactions: about 21,000 sessions of about 19,000 users; premium users make about 20,000 of the events. */
const RUN = 400_000;

interface SessionSummary {
  user: string;
  segment: Segment;
  first: number;
  last: number;
  device: string;
}

const stats = (() => {
  const read = Object.fromEntries(
    ['user_id', 'user_segment', 'interaction_type', 'device', 'view_duration'].map((f) => [f, columnReader(slow, f)]),
  ) as Record<string, (e: Parameters<ReturnType<typeof columnReader>>[0]) => unknown>;
  const mixCounts = Object.fromEntries(Object.keys(SEGMENTS).map((s) => [s, new Float64Array(TYPES.length)])) as Record<Segment, Float64Array>;
  const users = new Map<string, Segment>();
  const sessions = new Map<number, SessionSummary>();
  const viewGaps: { duration: number; gap: number }[] = [];
  const viewDurations: number[] = [];
  const pendingView = new Map<number, { time: number; duration: number }>();
  let lastTime = 0;
  const events = forEachEvent(slow, { start: MONDAY, count: RUN }, (e) => {
    lastTime = e.time;
    const segment = text(read.user_segment(e)) as Segment;
    const user = text(read.user_id(e));
    const type = text(read.interaction_type(e));
    mixCounts[segment][TYPES.indexOf(type as (typeof TYPES)[number])]++;
    users.set(user, segment);
    const s = sessions.get(e.session);
    if (s === undefined) sessions.set(e.session, { user, segment, first: e.time, last: e.time, device: text(read.device(e)) });
    else s.last = e.time;
    const view = pendingView.get(e.session);
    if (view !== undefined) {
      viewGaps.push({ duration: view.duration, gap: (e.time - view.time) / 1000 });
      pendingView.delete(e.session);
    }
    if (type === 'view') {
      const duration = read.view_duration(e) as number;
      viewDurations.push(duration);
      pendingView.set(e.session, { time: e.time, duration });
    }
  });
  // Sessions that started an hour or more before the run's last event have ended.
  const complete = [...sessions.values()].filter((session) => session.first <= lastTime - 3_600_000);
  return { events, mixCounts, users, sessions, complete, viewGaps, viewDurations };
})();

test(`a run of ${RUN.toLocaleString('en-US')} interactions completes`, () => {
  assert.equal(stats.events, RUN);
});

test('every event has the fields of its interaction type, each of its type and domain', () => {
  const events = parsedEvents(scenario, MONDAY, 120_000);
  const common = ['timestamp', 'interaction_id', 'session_id', 'user_id', 'user_segment', 'interaction_type', 'product_id', 'product_name', 'category', 'brand', 'price', 'device', 'browser', 'country', 'city', 'page_url', 'referrer'];
  const extra: Record<string, string[]> = { view: ['view_duration'], purchase: ['quantity', 'revenue'] };
  const ids = new Set<string>();
  const perSession = new Map<string, string>();
  let previous = '';
  for (const e of events) {
    const type = e.interaction_type as string;
    assert.ok((TYPES as readonly string[]).includes(type), `interaction_type ${type}`);
    assert.deepEqual(Object.keys(e), [...common, ...(extra[type] ?? [])]);
    const timestamp = e.timestamp as string;
    assert.match(timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(timestamp >= previous, 'timestamps never go back');
    previous = timestamp;
    assert.match(e.interaction_id as string, UUID);
    assert.ok(!ids.has(e.interaction_id as string), 'interaction ids are unique');
    ids.add(e.interaction_id as string);
    assert.match(e.session_id as string, UUID);
    assert.match(e.user_id as string, /^user_\d{6}$/);
    assert.ok(Number((e.user_id as string).slice(5)) < 100_000, 'user ids stay in MAX_USERS');
    assert.ok((e.user_segment as string) in SEGMENTS);
    assert.match(e.product_id as string, /^prod_\d{5}$/);
    const productNumber = Number((e.product_id as string).slice(5));
    assert.ok(productNumber >= 1 && productNumber <= 50_000, 'product ids stay in MAX_PRODUCTS');
    const category = e.category as string;
    assert.ok(category in PRICES, `category ${category}`);
    assert.equal(typeof e.brand, 'string');
    assert.ok((e.product_name as string).startsWith(`${e.brand as string} `), 'a product is named after its brand');
    const price = e.price as number;
    assert.equal(typeof price, 'number');
    assert.equal(Math.round(price * 100) / 100, price, 'prices have cents');
    assert.ok(price >= PRICES[category][0] && price <= PRICES[category][1], `${category} price ${price}`);
    assert.ok((e.device as string) in DEVICES);
    assert.ok(BROWSERS.includes(e.browser as string));
    assert.equal(cities.get(e.city as string), e.country, `${e.city as string} is in ${e.country as string}`);
    assert.equal(e.page_url, `/products/${category}/${e.product_id as string}`);
    assert.ok(REFERRERS.includes(e.referrer as string | null));
    if (type === 'view') {
      const d = e.view_duration as number;
      assert.ok(Number.isInteger(d) && d >= 5 && d <= 300, `view_duration ${d}`);
    }
    if (type === 'purchase') {
      const q = e.quantity as number;
      assert.ok(Number.isInteger(q) && q >= 1 && q <= 3, `quantity ${q}`);
      assert.equal(e.revenue, Math.round(price * q * 100) / 100);
    }
    // A session is one user on one device in one place.
    const who = `${e.user_id as string} ${e.user_segment as string} ${e.device as string} ${e.browser as string} ${e.city as string}`;
    const seen = perSession.get(e.session_id as string);
    if (seen === undefined) perSession.set(e.session_id as string, who);
    else assert.equal(who, seen);
  }
});

test('segments are 40/35/20/5% of users (± 1 pp)', () => {
  const counts: Record<string, number> = {};
  for (const segment of stats.users.values()) counts[segment] = (counts[segment] ?? 0) + 1;
  assert.ok(stats.users.size > 15_000, `${stats.users.size} users`);
  for (const [segment, expected] of Object.entries(SEGMENTS)) {
    assertNear(`${segment} share of users`, (counts[segment] ?? 0) / stats.users.size, expected, 0.01);
  }
});

test('each segment interacts in its own mix: view, click, cart, buy, wishlist (± 1.5 pp)', () => {
  for (const [segment, mix] of Object.entries(MIXES)) {
    const counts = stats.mixCounts[segment as Segment];
    const total = counts.reduce((a, b) => a + b, 0);
    assert.ok(total > 15_000, `${segment}: ${total} events`);
    TYPES.forEach((type, i) => assertNear(`${segment} ${type}`, counts[i] / total, mix[i], 0.015));
  }
});

test('purchase rates run from 2% (casual) to 20% (premium) of interactions (± 1.5 pp)', () => {
  const purchase = TYPES.indexOf('purchase');
  const rate = (segment: Segment): number => stats.mixCounts[segment][purchase] / stats.mixCounts[segment].reduce((a, b) => a + b, 0);
  assertNear('casual purchase rate', rate('casual'), 0.02, 0.015);
  assertNear('premium purchase rate', rate('premium'), 0.2, 0.015);
});

test('the catalog holds MAX_PRODUCTS products: category prices within their exact ranges, filling them', () => {
  const products = scenario.catalogs.get('products')!;
  assert.equal(products.rows.length, 50_000);
  const col = (name: string): number => products.columns.indexOf(name);
  const [category, price, rating, reviews, brand] = ['category', 'price', 'rating', 'review_count', 'brand'].map(col) as [number, number, number, number, number];
  const seen: Record<string, { min: number; max: number; brands: Set<string> }> = {};
  for (const row of products.rows) {
    const c = text(row[category]);
    const p = row[price] as number;
    const [lo, hi] = PRICES[c];
    assert.ok(p >= lo && p <= hi, `${c} price ${p} outside ${lo}-${hi}`);
    const s = (seen[c] ??= { min: Infinity, max: -Infinity, brands: new Set() });
    s.min = Math.min(s.min, p);
    s.max = Math.max(s.max, p);
    s.brands.add(text(row[brand]));
    const r = row[rating] as number;
    assert.ok(r >= 3 && r <= 5 && Math.round(r * 10) / 10 === r, `rating ${r}`);
    const n = row[reviews] as number;
    assert.ok(Number.isInteger(n) && n >= 0 && n <= 5000, `review_count ${n}`);
  }
  assert.deepEqual(Object.keys(seen).sort(), Object.keys(PRICES).sort());
  for (const [c, s] of Object.entries(seen)) {
    const [lo, hi] = PRICES[c];
    // About 5,000 products a category: the extremes come within 0.5% of the range's ends.
    assert.ok(s.min - lo < (hi - lo) * 0.005 && hi - s.max < (hi - lo) * 0.005, `${c} prices span ${s.min}-${s.max}`);
    assert.ok(s.brands.size >= 200, `${c} has ${s.brands.size} brands`);
  }
});

test('sessions last 1-60 minutes: no session runs past 60 minutes and the range is used', () => {
  assert.ok(stats.complete.length > 10_000, `${stats.complete.length} complete sessions`);
  const spans = stats.complete.map((s) => (s.last - s.first) / 1000).sort((a, b) => a - b);
  const at = (q: number): number => spans[Math.floor(q * (spans.length - 1))];
  assert.ok(spans[spans.length - 1] <= 3600, `longest session ${spans[spans.length - 1]} s`);
  assert.ok(at(0.95) > 50 * 60, `95th percentile ${at(0.95)} s`);
  assert.ok(at(0.5) > 20 * 60 && at(0.5) < 40 * 60, `median ${at(0.5)} s`);
});

test('a view lasts 5-300 s and the user stays that long before the next interaction', () => {
  assert.ok(stats.viewGaps.length > 100_000);
  for (const { duration, gap } of stats.viewGaps) assert.equal(gap, duration);
  // Uniform on 5..300: mean 152.5, standard error 85 / sqrt(n) < 0.3.
  const durations = stats.viewDurations;
  assertNear('mean view duration', durations.reduce((a, b) => a + b, 0) / durations.length, 152.5, 1.2);
});

test('devices: mobile 65%, desktop 32%, tablet 3% of sessions (± 1 pp)', () => {
  const counts: Record<string, number> = {};
  for (const s of stats.sessions.values()) counts[s.device] = (counts[s.device] ?? 0) + 1;
  for (const [device, expected] of Object.entries(DEVICES)) assertNear(`${device} share`, (counts[device] ?? 0) / stats.sessions.size, expected, 0.01);
});

test('pool sizes are params: --set MAX_USERS and MAX_PRODUCTS', () => {
  const small = compileBuiltin('ecommerce', ['MAX_USERS=500', 'MAX_PRODUCTS=2000']);
  assert.equal(small.catalogs.get('products')!.rows.length, 2000);
  assert.equal(small.population.users, 500);
  const userId = columnReader(small, 'user_id');
  const productId = columnReader(small, 'product_id');
  forEachEvent(small, { start: MONDAY, count: 20_000 }, (e) => {
    assert.ok(Number(text(userId(e)).slice(5)) < 500);
    assert.ok(Number(text(productId(e)).slice(5)) <= 2000);
  });
});

test('ecommerce-users: one profile per user in order, with the segment spending and order ranges', () => {
  const users = compileBuiltin('ecommerce-users');
  const profiles = parsedEvents(users, MONDAY, 100_000);
  const counts: Record<string, number> = {};
  const keys = ['user_id', 'email', 'first_name', 'last_name', 'age', 'gender', 'location', 'city', 'country', 'user_segment', 'registration_date', 'last_active', 'total_spent', 'order_count', 'preferred_categories', 'device_type', 'browser', 'timestamp'];
  profiles.forEach((p, i) => {
    assert.deepEqual(Object.keys(p), keys);
    assert.equal(p.user_id, `user_${String(i).padStart(6, '0')}`);
    const segment = p.user_segment as Segment;
    counts[segment] = (counts[segment] ?? 0) + 1;
    const { spent, orders } = SPENDING[segment];
    const total = p.total_spent as number;
    assert.ok(total >= spent[0] && total <= spent[1] && Math.round(total * 100) / 100 === total, `${segment} spent ${total}`);
    const n = p.order_count as number;
    assert.ok(Number.isInteger(n) && n >= orders[0] && n <= orders[1], `${segment} orders ${n}`);
    const age = p.age as number;
    assert.ok(Number.isInteger(age) && age >= 18 && age <= 80, `age ${age}`);
    assert.ok(['female', 'male', 'other'].includes(p.gender as string));
    assert.equal(cities.get(p.city as string), p.country);
    assert.equal(p.location, `${p.city as string}, ${p.country as string}`);
    const email = p.email as string;
    assert.match(email, /^[a-z]+\.[a-z]+\d{1,2}@[a-z]+\.[a-z]+$/);
    assert.ok(email.startsWith(`${(p.first_name as string).toLowerCase()}.`));
    const preferred = p.preferred_categories as string[];
    assert.ok(preferred.length >= 1 && preferred.length <= 4 && new Set(preferred).size === preferred.length, `preferred ${preferred.join()}`);
    for (const c of preferred) assert.ok(c in PRICES);
    assert.ok((p.device_type as string) in DEVICES);
    assert.ok((p.registration_date as string) < (p.last_active as string) && (p.last_active as string) <= (p.timestamp as string));
  });
  for (const [segment, expected] of Object.entries(SEGMENTS)) assertNear(`${segment} share of profiles`, counts[segment] / profiles.length, expected, 0.01);
});

test('a profile describes the same user as the interactions: segment, place, device and browser', () => {
  const profiles = parsedEvents(compileBuiltin('ecommerce-users'), MONDAY, 100_000);
  const interactions = parsedEvents(scenario, MONDAY, 20_000);
  let checked = 0;
  for (const e of interactions) {
    const p = profiles[Number((e.user_id as string).slice(5))];
    assert.equal(p.user_id, e.user_id);
    assert.deepEqual([p.user_segment, p.city, p.country, p.device_type, p.browser], [e.user_segment, e.city, e.country, e.device, e.browser]);
    checked++;
  }
  assert.equal(checked, 20_000);
});

// Golden runs: the SHA-256 of the first 10,000 events as NDJSON with seed 1 from
// 2024-01-01T00:00:00Z. A deliberate change to the model or the encoders changes these
// in the same commit, with the reason.
test('golden: ecommerce, 10,000 events', async () => {
  assert.equal(sha256((await generateBytes('ecommerce', { count: 10_000 })).bytes), '4fe956494963550c434d8eb832ecf56d3e0a4532a597e51d79196008ffd5d846');
});

test('golden: ecommerce-users, 10,000 profiles', async () => {
  assert.equal(sha256((await generateBytes('ecommerce-users', { count: 10_000 })).bytes), 'b993022d3d3f35012bf585f673138467aa5f9bd5437c4256e6630f7e3c9ac20c');
});
