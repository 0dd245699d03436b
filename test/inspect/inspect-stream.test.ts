import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../../src/errors.js';
import { InputError } from '../../src/inspect/input-events.js';
import { inspectStream, type InspectOptions } from '../../src/inspect/inspect-stream.js';
import { compareWithBenchmarks } from '../../src/inspect/compare.js';
import { formatText } from '../../src/inspect/format-text.js';
import type { InspectReport } from '../../src/inspect/report.js';
import { asCsv, asNdjson } from './five-sessions.js';

function inspectText(text: string, options: Partial<InspectOptions> = {}): Promise<InspectReport> {
  return inspectStream(Readable.from([Buffer.from(text)]), { name: 'test', ...options });
}

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-9): void => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);
};

// Every expected value below is worked out by hand from the events in five-sessions.ts.
function checkFiveSessions(r: InspectReport): void {
  assert.equal(r.events, 18);
  assert.equal(r.sessions.count, 5);
  assert.equal(r.sessions.from, 'session ids');
  assert.equal(r.users.count, 3);
  close(r.users.returning_share, 2 / 5);
  assert.deepEqual(r.events_by_type, { product_view: 5, add_to_cart: 4, page_view: 3, begin_checkout: 2, purchase: 2, search: 1, remove_from_cart: 1 });

  close(r.events_per_session.mean, 18 / 5);
  assert.equal(r.events_per_session.p50, 4);
  assert.equal(r.events_per_session.max, 6);
  close(r.pages_per_session.mean, 9 / 5);
  assert.equal(r.pages_per_session.p50, 2);
  close(r.pages_per_session.single_page_share, 1 / 5);
  close(r.session_duration_s.mean, (180 + 0 + 100 + 10 + 180) / 5);
  close(r.session_duration_s.p50, 100, 0.5);
  close(r.event_gap_s.mean, 470 / 13);
  close(r.event_gap_s.p50, 30);
  close(r.bounce_rate, 1 / 5);

  close(r.conversion_rate, 2 / 5);
  assert.deepEqual(r.funnel.map((s) => [s.step, s.sessions]), [['product_view', 4], ['add_to_cart', 3], ['begin_checkout', 2], ['purchase', 2]]);
  close(r.funnel[1].from_previous, 3 / 4);
  close(r.cart.add_to_cart_rate, 3 / 5);
  close(r.cart.abandonment_rate, 1 / 3);
  close(r.cart.checkout_rate, 2 / 3);
  close(r.cart.checkout_completion, 1);
  close(r.cart.removes_per_add, 1 / 4);
  close(r.cart.purchases_per_add, 2 / 4);
  close(r.cart.purchased_per_added_unit, 6 / 7);
  close(r.event_mix.view, 5 / 11);
  close(r.event_mix.cart, 4 / 11);
  close(r.event_mix.purchase, 2 / 11);

  assert.deepEqual(Object.keys(r.by_device), ['desktop', 'mobile']);
  close(r.by_device.mobile.share, 2 / 5);
  close(r.by_device.mobile.conversion_rate, 1 / 2);
  close(r.by_device.desktop.conversion_rate, 1 / 3);
  close(r.by_device.desktop.bounce_rate, 1 / 3);
  close(r.by_device.desktop.average_order_value, 150);
  close(r.ratios.mobile_to_desktop_conversion, 1.5);
  close(r.ratios.mobile_to_desktop_order_value, 50 / 150);
  close(r.ratios.mobile_minus_desktop_bounce, -1 / 3);
  assert.equal(r.by_visitor.new.sessions, 3);
  close(r.by_visitor.new.conversion_rate, 1 / 3);
  close(r.by_visitor.returning.conversion_rate, 1 / 2);
  close(r.ratios.returning_to_new_conversion, 1.5);
  assert.equal(r.by_source.organic_search.sessions, 2);
  assert.equal(r.by_source.direct.conversion_rate, 0);
  close(r.ratios.email_to_average_conversion, (1 / 2) / (2 / 5));
  assert.equal(r.ratios.social_to_average_conversion, null, 'no social sessions');

  close(r.search.session_share, 1 / 5);
  assert.equal(r.search.conversion_searchers, 0);
  close(r.search.conversion_others, 2 / 4);
  assert.equal(r.search.conversion_ratio, 0);

  assert.equal(r.orders.count, 2);
  close(r.orders.value!.mean, 100);
  close(r.orders.value!.sigma_log, Math.log(3) / 2);
  close(r.orders.units!.mean, 3);

  // Local start hours: 10:00Z in New York (UTC−5 before 10 March) is 5h; Berlin is UTC+1;
  // s4 has no time zone and counts in UTC.
  assert.equal(r.hourly.basis, 'local');
  const hours = r.hourly.sessions.flatMap((n, h) => Array<number>(n).fill(h));
  assert.deepEqual(hours, [5, 7, 11, 13, 15]);
  assert.deepEqual([r.hourly.whole, r.hourly.night_share, r.hourly.trough_to_peak], [false, null, null], 'four hours do not cover the day');
  assert.deepEqual(r.weekly.sessions, [5, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(r.weekly.index, [1, 0, 0, 0, 0, 0, 0], 'only Monday is covered by the time span');
  assert.deepEqual([r.weekly.whole, r.weekly.min_index, r.weekly.max_index, r.weekly.max_to_min], [false, null, null, null]);

  assert.equal(r.products!.distinct, 3);
  assert.equal(r.products!.views, 5);
  close(r.products!.top_1pct_share, 3 / 5);
  assert.equal(r.products!.zipf_exponent, null, 'too few products to fit');
  assert.equal(r.delivery, null);
}

test('NDJSON: every measure of five hand-made sessions', async () => {
  const r = await inspectText(asNdjson());
  assert.equal(r.input.format, 'ndjson');
  assert.equal(r.input.fields.time, 'timestamp');
  assert.equal(r.input.fields.processingTime, null);
  checkFiveSessions(r);
});

test('CSV (CRLF, quoted cells) gives the same measures as NDJSON', async () => {
  const r = await inspectText(asCsv());
  assert.equal(r.input.format, 'csv');
  checkFiveSessions(r);
});

test('gzip is known by its first two bytes, also when they arrive one at a time', async () => {
  const gzipped = gzipSync(asNdjson());
  const chunks = [gzipped.subarray(0, 1), gzipped.subarray(1, 2), gzipped.subarray(2, 40), gzipped.subarray(40)];
  checkFiveSessions(await inspectStream(Readable.from(chunks), { name: 'test' }));
  const csv = Buffer.from(asCsv());
  checkFiveSessions(await inspectStream(Readable.from([csv.subarray(0, 1), csv.subarray(1)]), { name: 'test' }));
});

test('sessions cut from users by 30 minutes of inactivity when there are no session ids', async () => {
  const minute = 60_000;
  const lines = [
    { ts: 0, user: 'a', type: 'page_view' },
    { ts: 5 * minute, user: 'b', type: 'page_view' },
    { ts: 10 * minute, user: 'a', type: 'product_view' },
    { ts: 41 * minute, user: 'a', type: 'page_view' },
    { ts: 42 * minute, user: 'a', type: 'purchase' },
  ].map((e) => JSON.stringify({ time: 1_709_546_400_000 + e.ts, visitor_id: e.user, event: e.type }));
  const r = await inspectText(`${lines.join('\n')}\n`);
  assert.equal(r.sessions.from, 'users and inactivity');
  assert.equal(r.sessions.count, 3, 'a: 0–10 min, then 41–42 min (31 min later); b');
  assert.equal(r.users.count, 2);
  close(r.users.returning_share, 1 / 3);
  close(r.conversion_rate, 1 / 3);
  assert.equal(r.input.fields.user, 'visitor_id');
  assert.equal(r.input.fields.type, 'event');
});

test('each event is typed by the first type field it has; session ids that are start times are per visitor', async () => {
  const t = (s: number): string => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString();
  // Segment's calls: identify and page typed by `type`, track calls by `event`; RudderStack's
  // sessionId is the session's start, so two visitors starting in one millisecond have one id.
  const calls = [
    { type: 'identify', anonymousId: 'a', timestamp: t(0), context: { sessionId: 1 } },
    { type: 'identify', anonymousId: 'b', timestamp: t(0), context: { sessionId: 1 } },
    { type: 'track', event: 'Product Viewed', anonymousId: 'a', timestamp: t(10), context: { sessionId: 1 } },
    { type: 'page', name: 'Home', anonymousId: 'b', timestamp: t(20), context: { sessionId: 1 } },
    { type: 'track', event: 'Order Completed', anonymousId: 'a', timestamp: t(30), context: { sessionId: 1 }, properties: { revenue: 90 } },
  ];
  const r = await inspectText(calls.map((c) => `${JSON.stringify(c)}\n`).join(''));
  assert.deepEqual(r.events_by_type, { identify: 2, 'Product Viewed': 1, page: 1, 'Order Completed': 1 });
  assert.equal(r.input.fields.type, 'event', 'the first candidate used');
  assert.deepEqual([r.input.fields.session, r.input.fields.user], ['context.sessionId', 'anonymousId']);
  assert.equal(r.sessions.count, 2);
  close(r.conversion_rate, 1 / 2);
  close(r.orders.value!.mean, 90);
  close(r.pages_per_session.mean, 1, 0);
});

test('late and out-of-order events from event and processing times; other schemas by their field and event names', async () => {
  const t0 = 1_729_545_123_000;
  const events = [
    [0, 1000, 'VIEW'],
    [10_000, 40_000, 'ADD_TO_CART'],
    [5_000, 7_000, 'VIEW'],
    [20_000, 20_500, 'PURCHASE'],
  ].map(([t, p, type]) => JSON.stringify({ event_id: 'x', user_id: 'USER_0001', session_id: 'session-1', event_type: type, event_time: t0 + (t as number), processing_time: t0 + (p as number) }));
  const r = await inspectText(`${events.join('\n')}\n`);
  assert.equal(r.input.fields.time, 'event_time');
  assert.deepEqual(r.delivery && { late: r.delivery.late_share, order: r.delivery.out_of_order_share }, { late: 1 / 4, order: 1 / 4 });
  close(r.delivery!.delay_s.max, 30, 0.2);
  assert.equal(r.session_duration_s.max, 20, 'out-of-order events do not shorten a session');
  assert.deepEqual(r.funnel.map((s) => s.sessions), [1, 1, 0, 1]);

  const custom = `${events.join('\n')}\n`.replaceAll('"VIEW"', '"look"').replaceAll('"ADD_TO_CART"', '"bag"').replaceAll('"PURCHASE"', '"order"');
  assert.deepEqual((await inspectText(custom)).funnel.map((s) => s.sessions), [0, 0, 0, 0], 'unknown names mark no step');
  const named = await inspectText(custom, { events: { view: ['look'], cart: ['bag'], purchase: ['order'] }, lateAfterMs: 60_000 });
  assert.deepEqual(named.funnel.map((s) => s.sessions), [1, 1, 0, 1]);
  close(named.delivery!.late_share, 0, 0);
});

test('a rate over events the file does not have is not measurable (null, shown as –), not 0', async () => {
  // Views and purchases, no carts or checkouts (gift-shop and travel write files like this).
  const events = [
    ['s1', 'product_view', 0],
    ['s1', 'purchase', 60_000],
    ['s2', 'product_view', 0],
  ].map(([session, type, t]) => JSON.stringify({ session_id: session, event_type: type, timestamp: new Date(1_704_067_200_000 + (t as number)).toISOString(), order_value: 10 }));
  const r = await inspectText(`${events.join('\n')}\n`);
  assert.deepEqual(r.funnel.map((s) => [s.step, s.sessions, s.from_previous]), [
    ['product_view', 2, 1],
    ['add_to_cart', 0, 0],
    ['begin_checkout', 0, null],
    ['purchase', 1, null],
  ]);
  assert.deepEqual(r.cart, { add_to_cart_rate: 0, abandonment_rate: null, checkout_rate: null, checkout_completion: null, removes_per_add: null, purchases_per_add: null, purchased_per_added_unit: null });
  assert.deepEqual(r.event_mix, { view: 2 / 3, cart: 0, purchase: 1 / 3 });
  const notMeasurable = compareWithBenchmarks(r).filter((c) => c.inside === null).map((c) => c.id);
  for (const id of ['4', '5', '5b', '19', '20d']) assert.ok(notMeasurable.includes(id), `row ${id} is not measurable`);
  const text = formatText(r);
  assert.match(text, /purchase +1 +50\.0% of sessions, – of the step before/);
  assert.match(text, /cart abandonment +–\n/);
  assert.match(text, /checkout completion +–\n/);
  assert.match(text, /removes per add to cart +–\n/);
  const empty = await inspectText('');
  assert.deepEqual(empty.event_mix, { view: null, cart: null, purchase: null }, 'no view, cart or purchase events at all');
  assert.deepEqual(compareWithBenchmarks(empty).filter((c) => c.inside !== null), [], 'an empty file measures nothing: no range is failed by it');
});

test('bad input names the line: not JSON, no time, a time that is not one, a CSV row of the wrong width', async () => {
  const good = JSON.stringify({ timestamp: '2024-01-01T00:00:00.000Z', event_type: 'page_view', session_id: 's' });
  const cases: [string, number, RegExp, Partial<InspectOptions>?][] = [
    [`${good}\n{oops\n`, 2, /not valid JSON/],
    [`${good}\n\n[1]\n`, 3, /not a JSON object/],
    [`${JSON.stringify({ event_type: 'x', session_id: 's' })}\n`, 1, /no event time; name its field with --time-field/],
    [`${JSON.stringify({ timestamp: 'soon', event_type: 'x', session_id: 's' })}\n`, 1, /timestamp "soon": not a time/],
    [`${good}\n${JSON.stringify({ timestamp: '2024-01-01T00:00:00.000Z', event_type: 'x' })}\n`, 2, /has no session_id/],
    ['timestamp,event_type,session_id\n2024-01-01T00:00:00Z,a,s\n2024-01-01T00:00:01Z,a\n', 3, /has 2 cells; the header has 3/],
    ['timestamp,event_type,session_id\n"2024-01-01,a,s\n', 2, /a quoted cell is not closed/],
    // After events that had them, a missing time or type is a broken record, not a field to name.
    [`${good}\n${JSON.stringify({ event_type: 'x', session_id: 's' })}\n`, 2, /^has no timestamp, which the events before it have: a record written broken \(a run with --bad-records/],
    [`${good}\n${JSON.stringify({ timestamp: '2024-01-01T00:00:01.000Z', session_id: 's' })}\n`, 2, /^has no event type, which the events before it have: a record written broken/],
    [`${good}\n{oops\n`, 2, /^not valid JSON \(.*\): a record written broken/],
  ];
  for (const [text, line, message, options] of cases) {
    await assert.rejects(inspectText(text, options), (error: unknown) => {
      assert.ok(error instanceof InputError, String(error));
      assert.equal(error.line, line, text);
      assert.match(error.message, message);
      return true;
    });
  }
});

test('a stream of objects (simulate() events, say) is refused in one line naming what inspectStream reads', async () => {
  await assert.rejects(inspectStream(Readable.from([{ event_type: 'page_view' }]), { name: 'objects' }), (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.equal(error.code, 'INSPECT_INPUT');
    assert.match(error.message, /^inspectStream reads bytes or text \(NDJSON or CSV, gzipped or not\), not objects: give it each event as a line of JSON text/);
    return true;
  });
  const r = await inspectStream(Readable.from([new Uint8Array(Buffer.from('{"session_id":"s","event_type":"page_view","timestamp":"2024-01-01T00:00:00Z"}\n'))]), { name: 'bytes' });
  assert.equal(r.events, 1, 'a Uint8Array that is not a Buffer is bytes too');
});
