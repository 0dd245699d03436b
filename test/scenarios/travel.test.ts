/**
 * The built-in `travel` scenario against the travel search event generator it replaces:
 * one JSONL file per event type, the fields of each type, the funnel (30% click-through
 * per search, 10% conversion per click), 40% anonymous sessions from a pool of 10,000
 * users, power-law click positions, platform-device correlation, population-weighted
 * geography and UTM attribution. Its golden hash is in test/engine/golden.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { assertNear, generate, groupBy, UUID, type Generated } from './generate.js';

const START = '2026-01-31T12:00:00Z';
const START_MS = Date.parse(START);
const COMMON = ['event_id', 'event_type', 'timestamp', 'user_id', 'session_id'];
const SEARCH_FIELDS = [...COMMON, 'query', 'results_count', 'platform', 'device_type', 'filters', 'geo', 'utm_source', 'utm_medium', 'utm_campaign'];
const CLICK_FIELDS = [...COMMON, 'search_event_id', 'result_position', 'result_price', 'result_provider', 'result_type', 'result_destination'];
const CONVERSION_FIELDS = [...COMMON, 'click_event_id', 'booking_value', 'commission', 'product_type', 'provider'];
const PRODUCT_TYPES = new Set(['flight', 'hotel', 'car', 'package']);
const UTM_MEDIUM: Record<string, string> = { google: 'cpc', facebook: 'paid_social', instagram: 'paid_social', tiktok: 'paid_social', email: 'email', affiliate: 'affiliate' };

type Event = Record<string, unknown> & { event_id: string; event_type: string; timestamp: string; user_id: string | null; session_id: string };

let large: Promise<Generated> | undefined;
/** One 100,000-event run, split into a file per event type, shared by the tests below. */
function largeRun(): Promise<Generated> {
  large ??= generate(['-s', 'travel', '-n', '100000', '--start', START], '{event_type}_events.jsonl');
  return large;
}

async function eventsByType(): Promise<{ search: Event[]; click: Event[]; conversion: Event[] }> {
  const { files } = await largeRun();
  const read = (name: string): Event[] => files.get(name)!.events as Event[];
  return { search: read('search_events.jsonl'), click: read('click_events.jsonl'), conversion: read('conversion_events.jsonl') };
}

const time = (e: Event): number => Date.parse(e.timestamp);

test('travel: -o dir/{event_type}_events.jsonl writes the three files of the seed, each with its own type', async () => {
  const { files, summary } = await largeRun();
  assert.deepEqual([...files.keys()].sort(), ['click_events.jsonl', 'conversion_events.jsonl', 'search_events.jsonl']);
  let total = 0;
  for (const [name, { events }] of files) {
    const type = name.replace('_events.jsonl', '');
    for (const e of events) assert.equal(e.event_type, type);
    total += events.length;
  }
  assert.equal(total, 100_000);
  assert.equal(summary.events, 100_000);
});

test('travel: every event type has its fields, with values from their domains', async () => {
  const { search, click, conversion } = await eventsByType();
  const common = (e: Event): void => {
    assert.match(e.event_id, UUID);
    assert.match(e.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(time(e) >= START_MS);
    assert.match(e.session_id, /^sess_[0-9a-f-]{36}$/);
    if (e.user_id !== null) {
      assert.match(e.user_id, /^user_\d+$/);
      assert.ok(Number(e.user_id.slice(5)) < 10_000, `${e.user_id} outside the pool of 10,000`);
    }
  };
  for (const e of search) {
    assert.deepEqual(Object.keys(e), SEARCH_FIELDS);
    common(e);
    assert.ok(typeof e.query === 'string' && e.query.length > 5);
    assert.ok(Number.isInteger(e.results_count) && (e.results_count as number) >= 10 && (e.results_count as number) <= 100);
    assert.ok(['web', 'ios', 'android'].includes(e.platform as string));
    assert.ok(['desktop', 'mobile', 'tablet'].includes(e.device_type as string));
    const filters = e.filters as Record<string, number>;
    for (const [key, value] of Object.entries(filters)) {
      assert.ok(['travelers', 'price_max', 'lead_days', 'nights'].includes(key), `filter ${key}`);
      assert.ok(Number.isInteger(value) && value >= 1, `filter ${key} = ${value}`);
    }
    if ('nights' in filters) assert.ok(filters.nights <= 14 && 'lead_days' in filters);
    if ('travelers' in filters) assert.ok(filters.travelers <= 4);
    if ('price_max' in filters) assert.ok(/cheap/.test(e.query));
    const geo = e.geo as Record<string, string>;
    assert.deepEqual(Object.keys(geo), ['country', 'city']);
    assert.match(geo.country, /^[A-Z]{2}$/);
  }
  for (const e of click) {
    assert.deepEqual(Object.keys(e), CLICK_FIELDS);
    common(e);
    assert.match(e.search_event_id as string, UUID);
    assert.ok(Number.isInteger(e.result_position) && (e.result_position as number) >= 1 && (e.result_position as number) <= 20);
    assert.ok(typeof e.result_price === 'number' && e.result_price >= 30 && e.result_price <= 10_000, `result_price ${String(e.result_price)}`);
    assert.ok(typeof e.result_provider === 'string' && e.result_provider.length > 0);
    assert.ok(PRODUCT_TYPES.has(e.result_type as string));
  }
  const clicks = new Map(click.map((c) => [c.event_id, c]));
  for (const e of conversion) {
    assert.deepEqual(Object.keys(e), CONVERSION_FIELDS);
    common(e);
    const c = clicks.get(e.click_event_id as string);
    assert.ok(c !== undefined, `conversion ${e.event_id} books a click that does not exist`);
    assert.equal(c.session_id, e.session_id);
    assert.equal(e.product_type, c.result_type);
    assert.equal(e.provider, c.result_provider);
    const value = e.booking_value as number;
    const price = c.result_price as number;
    assert.ok(value >= price * 0.95 - 0.01 && value <= price * 1.05 + 0.01, `booking ${value} for a result at ${price}`);
    const commission = e.commission as number;
    assert.ok(commission >= value * 0.05 - 0.01 && commission <= value * 0.15 + 0.01, `commission ${commission} on ${value}`);
    assert.ok(time(e) >= time(c));
  }
});

test('travel: 30% of searches get a click and 10% of clicks convert (CLICK_THROUGH_RATE, CONVERSION_RATE)', async () => {
  const { search, click, conversion } = await eventsByType();
  const last = Math.max(...search.map(time), ...click.map(time), ...conversion.map(time));
  // A click follows its search within 60 s and a conversion its click within 300 s: leave
  // out the searches and clicks whose follow-up the end of the run may have cut off.
  const searches = new Map(search.filter((s) => time(s) <= last - 60_000).map((s) => [s.event_id, s]));
  const counted = click.filter((c) => searches.has(c.search_event_id as string));
  for (const c of counted) assert.equal(searches.get(c.search_event_id as string)!.session_id, c.session_id);
  assertNear('clicks per search', counted.length / searches.size, 0.3, 0.01);
  assert.equal(new Set(click.map((c) => c.search_event_id)).size, click.length, 'at most one click per search');
  const clicks = new Set(click.filter((c) => time(c) <= last - 300_000).map((c) => c.event_id));
  const converted = conversion.filter((v) => clicks.has(v.click_event_id as string)).length;
  assertNear('conversions per click', converted / clicks.size, 0.1, 0.01);
});

test('travel: 40% of sessions are anonymous; the rest come from a pool of 10,000 users', async () => {
  const { search, click, conversion } = await eventsByType();
  const sessions = groupBy([...search, ...click, ...conversion], (e) => e.session_id);
  let anonymous = 0;
  const users = new Set<string>();
  for (const [id, list] of sessions) {
    const ids = new Set(list.map((e) => e.user_id));
    assert.equal(ids.size, 1, `session ${id} changes user`);
    const user = list[0].user_id;
    if (user === null) anonymous++;
    else users.add(user);
  }
  assertNear('anonymous share of sessions (ANONYMOUS_RATE)', anonymous / sessions.size, 0.4, 0.01);
  // About 16,000 known sessions drawn uniformly from 10,000 users reach 10,000 × (1 − e^−1.6) ≈ 8,000 of them.
  assert.ok(users.size > 7000 && users.size < 9000, `${users.size} distinct users`);
});

test('travel: click positions follow a power law, position 1 most clicked', async () => {
  const { click } = await eventsByType();
  const counts = new Array<number>(21).fill(0);
  for (const c of click) counts[c.result_position as number]++;
  for (let p = 2; p <= 20; p++) assert.ok(counts[1] > counts[p], `position ${p} clicked ${counts[p]} times, position 1 ${counts[1]}`);
  for (let p = 2; p <= 8; p++) assert.ok(counts[p - 1] > counts[p], `position ${p} clicked more than ${p - 1}: ${counts.join(' ')}`);
  // Zipf with s = 1.2: position 1 gets about 2^1.2 = 2.3 times the clicks of position 2.
  assertNear('clicks at 1 over clicks at 2', counts[1] / counts[2], 2 ** 1.2, 0.15);
});

test('travel: sessions keep one platform, device, place and campaign; apps run on phones', async () => {
  const { search } = await eventsByType();
  const sessions = groupBy(search, (e) => e.session_id);
  const webDevices = new Map<string, number>();
  for (const [id, list] of sessions) {
    const first = list[0];
    for (const e of list) {
      for (const key of ['platform', 'device_type', 'geo', 'utm_source', 'utm_medium', 'utm_campaign']) {
        assert.deepEqual(e[key], first[key], `session ${id} changes ${key}`);
      }
    }
    if (first.platform !== 'web') assert.equal(first.device_type, 'mobile', `a ${String(first.platform)} app on a ${String(first.device_type)}`);
    else webDevices.set(first.device_type as string, (webDevices.get(first.device_type as string) ?? 0) + 1);
    const source = first.utm_source as string | null;
    if (source === null) assert.deepEqual([first.utm_medium, first.utm_campaign], [null, null]);
    else {
      assert.equal(first.utm_medium, UTM_MEDIUM[source], `utm_medium for ${source}`);
      assert.equal(typeof first.utm_campaign, 'string');
    }
  }
  assert.ok(webDevices.get('desktop')! > webDevices.get('mobile')! && webDevices.get('mobile')! > webDevices.get('tablet')!);
});

test('travel: where searchers are follows city populations', async () => {
  const { search } = await eventsByType();
  const sessions = groupBy(search, (e) => e.session_id);
  const loaded = loadScenario('travel');
  const rows = loaded.scenario.catalogs!.cities.rows! as { country: string; city: string; population: number }[];
  const total = rows.reduce((sum, r) => sum + r.population, 0);
  const seen = new Map<string, number>();
  for (const list of sessions.values()) {
    const geo = list[0].geo as { country: string; city: string };
    const key = `${geo.country}/${geo.city}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].filter((k) => !rows.some((r) => `${r.country}/${r.city}` === k)), [], 'cities outside the catalog');
  for (const r of rows) {
    // About 26,000 sessions: a share's standard error is at most 0.3 points.
    assertNear(`share of sessions in ${r.city}`, (seen.get(`${r.country}/${r.city}`) ?? 0) / sessions.size, r.population / total, 0.012);
  }
});

test('travel: several searches per session, 10 events per second', async () => {
  const { search, click, conversion } = await eventsByType();
  const all = [...search, ...click, ...conversion];
  const last = Math.max(...all.map(time));
  // Sessions that started in the first hour have ended: count their searches.
  const sessions = groupBy(search, (e) => e.session_id);
  const early = [...sessions.values()].filter((list) => time(list[0]) < START_MS + 3_600_000);
  assertNear('searches per session (SEARCHES_PER_SESSION)', early.reduce((n, list) => n + list.length, 0) / early.length, 3, 0.15);
  assert.ok(early.some((list) => list.length >= 5));
  const from = START_MS + 30 * 60_000;
  assertNear('events per second (EVENTS_PER_SECOND)', all.filter((e) => time(e) >= from).length / ((last - from) / 1000), 10, 0.5);
});

test('travel: --set moves the funnel and the population', async () => {
  const run = await generate(['-s', 'travel', '-n', '30000', '--start', START, '--seed', '5', '--set', 'CLICK_THROUGH_RATE=0.5', '--set', 'CONVERSION_RATE=0.25', '--set', 'ANONYMOUS_RATE=0.1', '--set', 'USER_POOL_SIZE=50']);
  const events = run.files.get('events.jsonl')!.events as Event[];
  const count = (type: string): number => events.filter((e) => e.event_type === type).length;
  assertNear('clicks per search with CLICK_THROUGH_RATE=0.5', count('click') / count('search'), 0.5, 0.02);
  assertNear('conversions per click with CONVERSION_RATE=0.25', count('conversion') / count('click'), 0.25, 0.025);
  const sessions = groupBy(events, (e) => e.session_id);
  const anonymous = [...sessions.values()].filter((list) => list[0].user_id === null).length;
  assertNear('anonymous share with ANONYMOUS_RATE=0.1', anonymous / sessions.size, 0.1, 0.015);
  const users = new Set(events.map((e) => e.user_id).filter((u) => u !== null));
  assert.equal(users.size, 50);
});

test('travel: sinks default to Redis keys {event_type}_events', () => {
  const loaded = loadScenario('travel');
  assert.deepEqual(compileScenario(loaded.scenario, 1).sinks.redis, { key: '{event_type}_events' });
  assert.deepEqual(loaded.warnings, []);
});
