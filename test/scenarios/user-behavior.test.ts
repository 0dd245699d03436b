/**
 * The user-behavior scenario against the numbers of its seed: event-type weights,
 * journey transitions, segment shares and session-length multipliers, device and OS
 * shares, time-of-day and weekend multipliers, and the nested schema of every event.
 * One simulated week (Monday 2024-01-01 to Sunday, about a million events, seed 1) feeds
 * the statistics; tolerances are stated per test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBytes, sha256 } from '../helpers/generate.js';
import { compileBuiltin, columnReader, forEachEvent, MONDAY, parsedEvents, text } from './scenario-run.js';
import { assertNear } from './generate.js';

const WEIGHTS: Record<string, number> = {
  page_view: 40,
  product_view: 25,
  search: 10,
  add_to_cart: 8,
  begin_checkout: 5,
  login: 4,
  wishlist_add: 3,
  complete_checkout: 2,
  remove_from_cart: 2,
  newsletter_signup: 1.5,
  account_create: 1.5,
  logout: 1,
  review_write: 1,
  contact_support: 1,
};
const WEIGHT_TOTAL = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
const JOURNEYS: Record<string, Record<string, number>> = {
  page_view: { page_view: 0.35, product_view: 0.25, search: 0.15, add_to_cart: 0.05, login: 0.1, logout: 0.1 },
  product_view: { product_view: 0.3, add_to_cart: 0.2, wishlist_add: 0.1, page_view: 0.25, begin_checkout: 0.05, logout: 0.1 },
  search: { product_view: 0.4, search: 0.2, page_view: 0.25, add_to_cart: 0.05, logout: 0.1 },
  add_to_cart: { product_view: 0.3, begin_checkout: 0.25, page_view: 0.2, add_to_cart: 0.1, remove_from_cart: 0.05, logout: 0.1 },
  begin_checkout: { complete_checkout: 0.6, page_view: 0.2, add_to_cart: 0.1, logout: 0.1 },
};
const SEGMENTS: Record<string, { share: number; length: number }> = {
  new_visitor: { share: 0.35, length: 0.6 },
  returning_visitor: { share: 0.4, length: 1.0 },
  loyal_customer: { share: 0.2, length: 1.5 },
  power_user: { share: 0.05, length: 2.0 },
};
const OS = { iOS: 0.35, Android: 0.3, Windows: 0.2, macOS: 0.1, iPadOS: 0.05 } as const;
const TYPE_OF_OS = { iOS: 'mobile', Android: 'mobile', Windows: 'desktop', macOS: 'desktop', iPadOS: 'tablet' } as const;
const DEVICE_TYPES = { mobile: 0.65, desktop: 0.3, tablet: 0.05 } as const;
const CITIES: Record<string, [string, string, string, number, number]> = {
  'San Francisco': ['US', 'CA', 'America/Los_Angeles', 37.7749, -122.4194],
  'New York': ['US', 'NY', 'America/New_York', 40.7128, -74.006],
  Austin: ['US', 'TX', 'America/Chicago', 30.2672, -97.7431],
  Toronto: ['CA', 'ON', 'America/Toronto', 43.6532, -79.3832],
  London: ['GB', 'England', 'Europe/London', 51.5074, -0.1278],
  Berlin: ['DE', 'Berlin', 'Europe/Berlin', 52.52, 13.405],
  Sydney: ['AU', 'NSW', 'Australia/Sydney', -33.8688, 151.2093],
};
const REFERRER_TYPES = ['organic', 'direct', 'social', 'paid', 'email', 'referral'];
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

const scenario = compileBuiltin('user-behavior');

interface SessionSummary {
  segment: string;
  user: string;
  os: string;
  type: string;
  first: number;
  last: number;
  previous: string | null;
}

/** One pass over a simulated week. */
const week = (() => {
  const read = (name: string) => columnReader(scenario, name);
  const [eventType, segment, user, os, deviceType] = ['event_type', 'user_segment', 'user_id', 'device_info.os', 'device_info.type'].map(read) as ((e: never) => unknown)[];
  const hourly = new Float64Array(24);
  const daily = new Float64Array(7);
  const afterWeights: Record<string, number> = {};
  let afterWeightsTotal = 0;
  const transitions: Record<string, Record<string, number>> = {};
  const sessions = new Map<number, SessionSummary>();
  const users = new Map<string, string>();
  const events = forEachEvent(scenario, { start: MONDAY, end: MONDAY + WEEK }, (e) => {
    const type = text(eventType(e as never));
    hourly[new Date(e.time).getUTCHours()]++;
    daily[Math.floor((e.time - MONDAY) / (24 * HOUR))]++;
    let s = sessions.get(e.session);
    if (s === undefined) {
      s = { segment: text(segment(e as never)), user: text(user(e as never)), os: text(os(e as never)), type: text(deviceType(e as never)), first: e.time, last: e.time, previous: null };
      sessions.set(e.session, s);
      users.set(s.user, s.segment);
    }
    s.last = e.time;
    // The weights choose the first event, and the next one after any event outside the journeys.
    if (s.previous === null || !(s.previous in JOURNEYS)) {
      afterWeights[type] = (afterWeights[type] ?? 0) + 1;
      afterWeightsTotal++;
    } else {
      const row = (transitions[s.previous] ??= {});
      row[type] = (row[type] ?? 0) + 1;
    }
    s.previous = type;
  });
  return { events, hourly, daily, afterWeights, afterWeightsTotal, transitions, sessions, users };
})();

test('a simulated week at the default rate has about 5,000 events an hour before multipliers', () => {
  // 168 hours x 5,000 x 1.24 (the mean of the hourly and weekly curves).
  assert.ok(week.events > 900_000 && week.events < 1_200_000, `${week.events} events`);
});

test('every event has the nested schema of its type, each field of its type and domain', () => {
  const events = parsedEvents(scenario, MONDAY, 120_000);
  const top = ['event_id', 'event_type', 'timestamp', 'session_id', 'user_id', 'user_segment', 'page_info', 'event_data', 'device_info', 'location', 'referrer', 'session_info', 'technical_info'];
  const product = ['page_url', 'page_title', 'page_category', 'product_id', 'product_category'];
  const pageInfo: Record<string, string[]> = {
    product_view: product,
    wishlist_add: product,
    review_write: product,
    search: ['page_url', 'page_title', 'page_category', 'search_term', 'search_results_count'],
    add_to_cart: [...product, 'quantity', 'price'],
    remove_from_cart: [...product, 'quantity', 'price'],
    begin_checkout: ['page_url', 'page_title', 'page_category', 'cart_value', 'cart_items_count'],
    complete_checkout: ['page_url', 'page_title', 'page_category', 'order_id', 'order_value', 'payment_method'],
  };
  const eventData: Record<string, string[]> = {
    product_view: ['product_id', 'product_category', 'quantity', 'price'],
    search: ['search_term', 'search_results_count', 'search_duration_ms'],
    add_to_cart: ['product_id', 'product_category', 'quantity', 'price'],
    remove_from_cart: ['product_id', 'product_category', 'quantity', 'price'],
    complete_checkout: ['order_id', 'order_value', 'payment_method'],
  };
  const sessions = new Map<string, { events: number; fingerprint: string; cartValue: number | null; start: string }>();
  let previous = '';
  for (const e of events) {
    const type = e.event_type as string;
    assert.ok(type in WEIGHTS, `event_type ${type}`);
    assert.deepEqual(Object.keys(e), [...top]);
    const timestamp = e.timestamp as string;
    assert.match(timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(timestamp >= previous);
    previous = timestamp;
    const seconds = Date.parse(timestamp) / 1000;
    const eventId = /^evt_(\d{10})_(\d{6})$/.exec(e.event_id as string);
    assert.ok(eventId !== null && Number(eventId[1]) === seconds, `event_id ${e.event_id as string}`);
    assert.match(e.user_id as string, /^user_[1-9]\d{8}$/);
    const sessionId = /^sess_(\d{10})_(user_\d{9})$/.exec(e.session_id as string);
    assert.ok(sessionId !== null && sessionId[2] === e.user_id, `session_id ${e.session_id as string}`);
    assert.ok((e.user_segment as string) in SEGMENTS);

    const page = e.page_info as Record<string, unknown>;
    assert.deepEqual(Object.keys(page), pageInfo[type] ?? ['page_url', 'page_title', 'page_category']);
    assert.match(page.page_url as string, /^\//);
    assert.equal(typeof page.page_title, 'string');
    assert.ok(['home', 'product', 'category', 'checkout', 'account', 'support', 'about', 'search'].includes(page.page_category as string));
    if ('product_id' in page) assert.match(page.product_id as string, new RegExp(`^prod_${page.product_category as string}_\\d{4}$`));
    const data = e.event_data as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), eventData[type] ?? []);
    if (type === 'search') {
      assert.equal(page.page_url, `/search?q=${(data.search_term as string).replaceAll(' ', '+')}`);
      assert.ok(Number.isInteger(data.search_results_count) && (data.search_results_count as number) <= 1000);
      assert.ok(Number.isInteger(data.search_duration_ms) && (data.search_duration_ms as number) >= 500 && (data.search_duration_ms as number) <= 5000);
    }
    if (type === 'add_to_cart' || type === 'remove_from_cart') {
      assert.ok(Number.isInteger(data.quantity) && (data.quantity as number) >= 1 && (data.quantity as number) <= 5);
      assert.equal(data.price, page.price);
    }
    if (type === 'product_view') assert.equal(data.quantity, 1);
    if (type === 'complete_checkout') {
      const order = /^ord_(\d{10})_(\d{4})$/.exec(data.order_id as string);
      assert.ok(order !== null && Number(order[1]) === seconds, `order_id ${data.order_id as string}`);
      assert.ok(['credit_card', 'paypal', 'apple_pay'].includes(data.payment_method as string));
      assert.ok((data.order_value as number) >= 50 && (data.order_value as number) <= 1000);
    }

    const device = e.device_info as Record<string, string>;
    assert.deepEqual(Object.keys(device), ['type', 'os', 'browser', 'user_agent', 'screen_resolution', 'viewport_size']);
    assert.equal(device.type, TYPE_OF_OS[device.os as keyof typeof OS]);
    assert.match(device.screen_resolution, /^\d+x\d+$/);
    assert.match(device.viewport_size, /^\d+x\d+$/);
    const [sw, sh] = device.screen_resolution.split('x').map(Number) as [number, number];
    const [vw, vh] = device.viewport_size.split('x').map(Number) as [number, number];
    assert.ok(vw <= sw && vh <= sh, 'the viewport fits the screen');
    const agentHint = { iOS: 'iPhone', Android: 'Android', Windows: 'Windows NT', macOS: 'Macintosh', iPadOS: 'iPad' }[device.os as keyof typeof OS];
    assert.ok(device.user_agent.includes(agentHint), `${device.os} user agent ${device.user_agent}`);

    const location = e.location as Record<string, unknown>;
    assert.deepEqual(Object.keys(location), ['country', 'state', 'city', 'timezone', 'latitude', 'longitude']);
    assert.deepEqual([location.country, location.state, location.timezone, location.latitude, location.longitude], CITIES[location.city as string]);
    const referrer = e.referrer as Record<string, unknown>;
    assert.deepEqual(Object.keys(referrer), ['type', 'source', 'utm_source', 'utm_medium', 'utm_campaign']);
    assert.ok(REFERRER_TYPES.includes(referrer.type as string));
    if (referrer.type === 'paid' || referrer.type === 'email') assert.equal(typeof referrer.utm_campaign, 'string');
    if (referrer.type === 'organic' || referrer.type === 'direct') assert.deepEqual([referrer.utm_source, referrer.utm_medium, referrer.utm_campaign], [null, null, null]);

    const info = e.session_info as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), ['session_start', 'events_in_session', 'session_duration_so_far', 'is_new_session']);
    const technical = e.technical_info as Record<string, unknown>;
    assert.deepEqual(Object.keys(technical), ['ip_address', 'user_agent', 'page_load_time_ms', 'time_on_page_ms']);
    assert.match(technical.ip_address as string, /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    assert.equal(technical.user_agent, device.user_agent);
    const load = technical.page_load_time_ms as number;
    assert.ok(Number.isInteger(load) && load >= 500 && load <= 5000, `page_load_time_ms ${load}`);
    const onPage = technical.time_on_page_ms as number;
    assert.ok(Number.isInteger(onPage) && onPage >= 1000 && onPage <= 300_000, `time_on_page_ms ${onPage}`);

    // Session bookkeeping: counts, elapsed time, one device, place, referrer and address.
    const id = e.session_id as string;
    const fingerprint = JSON.stringify([e.user_id, e.user_segment, device, location, referrer, technical.ip_address]);
    let s = sessions.get(id);
    if (s === undefined) {
      s = { events: 0, fingerprint, cartValue: null, start: info.session_start as string };
      sessions.set(id, s);
      assert.equal(info.session_start, timestamp, 'a session starts with its first event');
      assert.equal(Number(sessionId[1]), seconds);
    }
    s.events++;
    assert.equal(info.events_in_session, s.events);
    assert.equal(info.is_new_session, s.events === 1);
    assert.equal(info.session_start, s.start);
    assert.ok(Math.abs((info.session_duration_so_far as number) - (Date.parse(timestamp) - Date.parse(s.start)) / 1000) <= 1);
    assert.equal(fingerprint, s.fingerprint);
    if (type === 'begin_checkout') s.cartValue = page.cart_value as number;
    if (type === 'complete_checkout' && s.cartValue !== null) assert.equal(data.order_value, s.cartValue, 'the order is the cart that went to checkout');
  }
});

test('segments are 35/40/20/5% of users (± 1 pp)', () => {
  const counts: Record<string, number> = {};
  for (const segment of week.users.values()) counts[segment] = (counts[segment] ?? 0) + 1;
  for (const [segment, { share }] of Object.entries(SEGMENTS)) assertNear(`${segment} share of users`, counts[segment] / week.users.size, share, 0.01);
});

test('device types 65/30/5% and operating systems 35/30/20/10/5% of sessions (± 1 pp)', () => {
  const types: Record<string, number> = {};
  const systems: Record<string, number> = {};
  for (const s of week.sessions.values()) {
    types[s.type] = (types[s.type] ?? 0) + 1;
    systems[s.os] = (systems[s.os] ?? 0) + 1;
  }
  const n = week.sessions.size;
  for (const [type, expected] of Object.entries(DEVICE_TYPES)) assertNear(`${type} share`, types[type] / n, expected, 0.01);
  for (const [os, expected] of Object.entries(OS)) assertNear(`${os} share`, systems[os] / n, expected, 0.01);
});

test('the event-type weights choose the first event and the event after any non-journey event (± 1 pp)', () => {
  assert.ok(week.afterWeightsTotal > 100_000, `${week.afterWeightsTotal} events chosen by weight`);
  for (const [type, weight] of Object.entries(WEIGHTS)) {
    assertNear(`${type} share`, (week.afterWeights[type] ?? 0) / week.afterWeightsTotal, weight / WEIGHT_TOTAL, 0.01);
  }
});

test('journeys: page_view → product_view 25% → add_to_cart 20% → begin_checkout 25% → complete_checkout 60% (± 2 pp), every transition within 4 standard errors', () => {
  const chain: [string, string, number][] = [
    ['page_view', 'product_view', 0.25],
    ['product_view', 'add_to_cart', 0.2],
    ['add_to_cart', 'begin_checkout', 0.25],
    ['begin_checkout', 'complete_checkout', 0.6],
  ];
  const total = (from: string): number => Object.values(week.transitions[from] ?? {}).reduce((a, b) => a + b, 0);
  for (const [from, to, p] of chain) assertNear(`${from} → ${to}`, (week.transitions[from]?.[to] ?? 0) / total(from), p, 0.02);
  for (const [from, row] of Object.entries(JOURNEYS)) {
    const n = total(from);
    assert.deepEqual(Object.keys(week.transitions[from]).sort(), Object.keys(row).sort(), `${from} goes only where its journey leads`);
    for (const [to, p] of Object.entries(row)) assertNear(`${from} → ${to} (n = ${n})`, week.transitions[from][to] / n, p, 4 * Math.sqrt((p * (1 - p)) / n));
  }
});

test('session length multipliers 0.6 / 1.0 / 1.5 / 2.0: mean session durations in those ratios (± 10%)', () => {
  // Sessions that began more than two hours before the week's end have ended.
  const totals: Record<string, { sum: number; n: number }> = {};
  for (const s of week.sessions.values()) {
    if (s.first > MONDAY + WEEK - 2 * HOUR) continue;
    const t = (totals[s.segment] ??= { sum: 0, n: 0 });
    t.sum += (s.last - s.first) / 1000;
    t.n++;
  }
  const mean = (segment: string): number => totals[segment].sum / totals[segment].n;
  const base = mean('returning_visitor');
  for (const [segment, { length }] of Object.entries(SEGMENTS)) {
    assertNear(`${segment} mean duration ratio`, mean(segment) / base, length, 0.1 * length);
  }
});

test('no session outlasts the maximum duration times its segment multiplier', () => {
  for (const s of week.sessions.values()) {
    const limit = 1800 * SEGMENTS[s.segment].length;
    assert.ok((s.last - s.first) / 1000 <= limit, `${s.segment} session of ${(s.last - s.first) / 1000} s`);
  }
});

test('session bounds are params: --set MIN_SESSION_DURATION=30 MAX_SESSION_DURATION=600', () => {
  const short = compileBuiltin('user-behavior', ['MIN_SESSION_DURATION=30', 'MAX_SESSION_DURATION=600']);
  const segment = columnReader(short, 'user_segment');
  const spans = new Map<number, { segment: string; first: number; last: number }>();
  forEachEvent(short, { start: MONDAY, count: 100_000 }, (e) => {
    const s = spans.get(e.session);
    if (s === undefined) spans.set(e.session, { segment: text(segment(e)), first: e.time, last: e.time });
    else s.last = e.time;
  });
  for (const s of spans.values()) assert.ok((s.last - s.first) / 1000 <= 600 * SEGMENTS[s.segment].length);
  const longest = Math.max(...[...spans.values()].filter((s) => s.segment === 'power_user').map((s) => s.last - s.first)) / 1000;
  assert.ok(longest > 1000, `the longest power-user session is ${longest} s`);
});

test('time of day: late night 0.2, business hours 1.2, evening peak 2.0 times the other hours (± 10%)', () => {
  // Sessions run into the next hour, so the hours at a band's edge mix two multipliers;
  // each band is measured over its inner hours, against 07:00-09:00 (multiplier 1).
  const mean = (hours: number[]): number => hours.reduce((a, h) => a + week.hourly[h], 0) / hours.length;
  const base = mean([7, 8]);
  assertNear('late night (00-06) ratio', mean([0, 1, 2, 3, 4, 5]) / base, 0.2, 0.02);
  assertNear('business hours (10-18) ratio', mean([10, 11, 12, 13, 14, 15, 16, 17]) / base, 1.2, 0.12);
  assertNear('evening peak (20-23) ratio', mean([20, 21, 22]) / base, 2.0, 0.2);
});

test('weekends: 1.8 times the events of a weekday (± 10%)', () => {
  const weekday = (week.daily[0] + week.daily[1] + week.daily[2] + week.daily[3] + week.daily[4]) / 5;
  const weekend = (week.daily[5] + week.daily[6]) / 2;
  assertNear('weekend ratio', weekend / weekday, 1.8, 0.18);
});

test('a page is viewed for its time_on_page_ms: the next event of the session follows that much later', () => {
  let checked = 0;
  const last = new Map<string, { time: number; onPage: number }>();
  for (const e of parsedEvents(scenario, MONDAY, 50_000)) {
    const time = Date.parse(e.timestamp as string);
    const previous = last.get(e.session_id as string);
    // Timestamps are whole seconds: the gap matches to within one second.
    if (previous !== undefined) {
      assert.ok(Math.abs(time - previous.time - previous.onPage) < 1000, `gap ${time - previous.time} ms after ${previous.onPage} ms on the page`);
      checked++;
    }
    last.set(e.session_id as string, { time, onPage: (e.technical_info as Record<string, number>).time_on_page_ms });
  }
  assert.ok(checked > 40_000);
});

test('Kafka defaults: topic user-events, keyed by session_id, 12 partitions', () => {
  assert.deepEqual(scenario.sinks.kafka, { topic: 'user-events', key: 'session_id', partitions: 12 });
});

// Golden run: the SHA-256 of the first 10,000 events as NDJSON with seed 1 from
// 2024-01-01T00:00:00Z. A deliberate change to the model or the encoders changes it in
// the same commit, with the reason.
test('golden: user-behavior, 10,000 events', async () => {
  assert.equal(sha256((await generateBytes('user-behavior', { count: 10_000 })).bytes), 'f580d619cce0aef08625cdecac6cb87062243f8f08afbe0995c80eb654cd81cf');
});
