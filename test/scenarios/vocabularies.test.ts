import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { funnelOf, readGa4, readShop, readSnowplow, readSegment } from './vocabulary-funnel.js';

const DAY = 86_400_000;
const SEED = 11;

async function day(scenario: string): Promise<{ rows: Record<string, unknown>[]; summary: Awaited<ReturnType<typeof generateBytes>>['summary'] }> {
  const { bytes, summary } = await generateBytes(scenario, { seed: SEED, end: TEST_START + DAY });
  return { rows: parseLines(bytes), summary };
}

const shop = await day('shop');
const shopFunnel = funnelOf(shop.rows, readShop);

test('shop: the day under test has every funnel step, so the comparisons below compare something', () => {
  assert.ok(shopFunnel.sessions > 2000 && shopFunnel.purchased > 20 && shopFunnel.revenue > 1000, JSON.stringify(shopFunnel));
});

type Summary = typeof shop.summary;
/** The calls a vocabulary adds to shop's events, none of which draws: counted from shop's own answer key. */
const VOCABULARIES = [
  {
    scenario: 'shop-ga4',
    reader: () => readGa4,
    // A session_start per session, a first_visit per new visitor (each user's first session), add_payment_info before each purchase.
    added: (s: Summary) => ({ session_start: s.sessions, first_visit: s.distinct_users, add_payment_info: s.events_by_type.purchase }),
    note: ' (and session_start, first_visit, add_payment_info)',
  },
  { scenario: 'shop-segment', reader: () => readSegment, added: (s: Summary) => ({ identify: s.sessions }), note: ' (and one identify per session)' },
  { scenario: 'shop-snowplow', reader: () => readSnowplow, added: () => ({}), note: '' },
] as const;

for (const { scenario, reader, added, note } of VOCABULARIES) {
  const run = await day(scenario);

  test(`${scenario}: the funnel, conversion and revenue measured in its own fields equal shop's for the same seed`, () => {
    assert.deepEqual(funnelOf(run.rows, reader()), shopFunnel);
  });

  test(`${scenario}: the answer key is shop's: sessions, users and events by type${note}`, () => {
    assert.equal(run.summary.sessions, shop.summary.sessions);
    assert.equal(run.summary.distinct_users, shop.summary.distinct_users);
    assert.deepEqual(run.summary.events_by_type, { ...shop.summary.events_by_type, ...added(shop.summary) });
  });
}

test('shop-ga4 and shop-snowplow carry shop\'s event ids in shop\'s order (the same draws, event for event)', async () => {
  const ga4 = (await day('shop-ga4')).rows.filter((r) => !['session_start', 'first_visit', 'add_payment_info'].includes(r.event_name as string));
  const ids = ga4.map((r) => (r.event_params as { key: string; value: { string_value?: string } }[]).find((p) => p.key === 'event_id')?.value.string_value);
  assert.deepEqual(ids, shop.rows.map((r) => r.event_id));
  const snowplow = (await day('shop-snowplow')).rows;
  assert.deepEqual(snowplow.map((r) => r.eid), shop.rows.map((r) => r.event_id));
});

test('shop-segment: anonymousId is one per user; userId appears once the visitor is signed in', async () => {
  const rows = (await day('shop-segment')).rows;
  const anonymousIds = new Map<string, Set<unknown>>();
  let known = 0;
  for (const r of rows) {
    if (typeof r.userId !== 'string') continue;
    known++;
    const ids = anonymousIds.get(r.userId) ?? new Set();
    anonymousIds.set(r.userId, ids.add(r.anonymousId));
  }
  assert.ok(known > 100 && known < rows.length, `${known} of ${rows.length} calls carry a userId`);
  for (const ids of anonymousIds.values()) assert.equal(ids.size, 1);
  const checkouts = rows.filter((r) => r.event === 'Checkout Started' || r.event === 'Order Completed');
  assert.ok(checkouts.length > 0 && checkouts.every((r) => typeof r.userId === 'string'), 'checkout signs the visitor in');
});

test('--vocabulary NAME renders a scenario like the built-in shop-NAME', async () => {
  const flag = await runInProcess(['generate', '--vocabulary', 'ga4', '-n', '300', '--seed', '3', '--start', '2024-01-01', '-q']);
  const builtin = await runInProcess(['generate', '-s', 'shop-ga4', '-n', '300', '--seed', '3', '--start', '2024-01-01', '-q']);
  assert.equal(flag.code, 0, flag.stderr);
  assert.equal(flag.stdout, builtin.stdout);
});

test('an unknown vocabulary: one line naming it and the valid ones, exit 2, nothing written', async () => {
  const result = await runInProcess(['generate', '--vocabulary', 'amplitude', '-n', '10']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^clickgen: scenarios\/shop\.yaml: vocabulary amplitude: unknown vocabulary; vocabularies are segment, ga4, snowplow, snowplow-enriched, or give a \.yaml file\n$/);
});

/** Runs a command that must be refused: exit 2, nothing on stdout, one line on stderr, which it returns. */
async function refusedLine(args: string[]): Promise<string> {
  const result = await runInProcess(args);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  return lines[0];
}

test('a vocabulary over a scenario that lacks what it renders: one line naming the missing fields and states, exit 2', async () => {
  assert.match(await refusedLine(['generate', '-s', 'travel', '--vocabulary', 'segment', '-n', '10']), /scenarios\/travel\.yaml: vocabulary segment needs fields page, product_id, product_category, price, quantity, order_id, order_value and states entry, cart, begin_checkout, purchase, which the scenario lacks/);
});

test('a vocabulary that extends another names the one asked for when the scenario lacks what the other renders', async () => {
  assert.match(await refusedLine(['generate', '-s', 'gift-shop', '--vocabulary', 'snowplow-enriched', '-n', '10']), /^clickgen: scenarios\/gift-shop\.yaml: vocabulary snowplow-enriched, which extends snowplow, needs fields event_id, page, .* which the scenario lacks;/);
});

test('shop-ga4: ga_session_number counts each user\'s sessions (1 for a new user, carried across sessions); first_visit opens exactly the first; add_payment_info comes right before each purchase', async () => {
  const rows = (await day('shop-ga4')).rows;
  const param = (row: Record<string, unknown>, key: string): number | string | undefined => {
    const value = (row.event_params as { key: string; value: Record<string, number | string> }[]).find((p) => p.key === key)?.value;
    return value === undefined ? undefined : Object.values(value)[0];
  };
  const sessionsSeen = new Map<string, number[]>();
  const firstVisits = new Map<string, number>();
  let previous: Record<string, unknown> = {};
  for (const row of rows) {
    const user = row.user_pseudo_id as string;
    const sessionId = param(row, 'ga_session_id') as number;
    const number = param(row, 'ga_session_number') as number;
    if (row.event_name === 'session_start') {
      const earlier = sessionsSeen.get(user) ?? [];
      assert.equal(number, earlier.length + 1, `${user}: session ${sessionId} after ${earlier.length} sessions`);
      sessionsSeen.set(user, [...earlier, sessionId]);
    }
    if (row.event_name === 'first_visit') {
      assert.equal(number, 1);
      assert.equal(firstVisits.has(user), false, `${user}: a second first_visit`);
      firstVisits.set(user, sessionId);
    }
    if (row.event_name === 'purchase') {
      assert.equal(previous.event_name, 'add_payment_info');
      assert.equal(previous.user_pseudo_id, user);
      assert.equal(param(previous, 'value'), param(row, 'value'));
      assert.deepEqual(previous.items, row.items);
    }
    previous = row;
  }
  assert.equal(firstVisits.size, sessionsSeen.size, 'one first_visit per user');
  for (const [user, ids] of sessionsSeen) if (firstVisits.has(user)) assert.equal(firstVisits.get(user), ids[0]);
  assert.ok(Math.max(...[...sessionsSeen.values()].map((ids) => ids.length)) >= 3, 'some users came back more than once');
});
