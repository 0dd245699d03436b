import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';

/**
 * GA4 export rows read by DuckDB, an independent reader, with the queries written against
 * the BigQuery export everywhere: sessions are user_pseudo_id + the ga_session_id event
 * parameter, revenue is ecommerce.purchase_revenue of purchase events. The answers must be
 * the run's answer key and shop's own orders for the same seed.
 */
const SEED = 21;
const END = TEST_START + 2 * 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'clickgen-ga4-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ga4 = await generateBytes('shop-ga4', { seed: SEED, end: END });
const file = join(dir, 'events.ndjson');
writeFileSync(file, ga4.bytes);
const shopRows = parseLines((await generateBytes('shop', { seed: SEED, end: END })).bytes);
const shopOrders = shopRows.filter((r) => r.event_type === 'purchase');
const shopRevenue = Math.round(shopOrders.reduce((a, r) => a + (r.order_value as number), 0) * 100) / 100;
const shopUnits = shopOrders.reduce((a, r) => a + (r.quantity as number), 0);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
after(() => db.closeSync());
await db.run(`CREATE TABLE events AS SELECT * FROM read_json('${file}', format = 'newline_delimited', sample_size = -1)`);

async function one(sql: string): Promise<Record<string, unknown>> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJS()[0];
}

const SESSION_ID = `(SELECT p.value.int_value FROM (SELECT UNNEST(event_params) AS p) WHERE p.key = 'ga_session_id')`;

test('GA4 sessionization (user_pseudo_id + ga_session_id) counts the answer key\'s sessions, and one session_start each', async () => {
  const row = await one(`
    SELECT COUNT(DISTINCT user_pseudo_id || '.' || CAST(${SESSION_ID} AS VARCHAR)) AS sessions,
           COUNT(*) FILTER (WHERE event_name = 'session_start') AS session_starts,
           COUNT(DISTINCT user_pseudo_id) AS users
    FROM events`);
  assert.equal(Number(row.sessions), ga4.summary.sessions);
  assert.equal(Number(row.session_starts), ga4.summary.sessions);
  assert.equal(Number(row.users), ga4.summary.distinct_users);
});

test('GA4 purchase revenue, transactions and units sold equal shop\'s orders for the same seed', async () => {
  const row = await one(`
    SELECT ROUND(SUM(ecommerce.purchase_revenue), 2) AS revenue,
           COUNT(DISTINCT ecommerce.transaction_id) AS transactions,
           SUM(ecommerce.total_item_quantity) AS units
    FROM events WHERE event_name = 'purchase'`);
  assert.ok(shopOrders.length > 30, `${shopOrders.length} orders`);
  assert.equal(Number(row.transactions), shopOrders.length);
  assert.equal(Number(row.transactions), ga4.summary.events_by_type.purchase);
  assert.equal(Number(row.revenue), shopRevenue);
  assert.equal(Number(row.units), shopUnits);
});

test('GA4 items[] of purchases add up to the revenue (price x quantity per line)', async () => {
  const row = await one(`
    SELECT ROUND(SUM(i.price * i.quantity), 2) AS item_revenue, SUM(i.quantity) AS units
    FROM (SELECT UNNEST(items) AS i FROM events WHERE event_name = 'purchase')`);
  assert.equal(Number(row.item_revenue), shopRevenue);
  assert.equal(Number(row.units), shopUnits);
});

test('GA4 session conversion rate (sessions with a purchase / sessions) equals shop\'s', async () => {
  const row = await one(`
    WITH s AS (
      SELECT user_pseudo_id || '.' || CAST(${SESSION_ID} AS VARCHAR) AS session, MAX(CASE WHEN event_name = 'purchase' THEN 1 ELSE 0 END) AS bought
      FROM events GROUP BY 1)
    SELECT SUM(bought) AS converted, COUNT(*) AS sessions FROM s`);
  const shopConverted = new Set(shopOrders.map((r) => r.session_id)).size;
  assert.equal(Number(row.converted), shopConverted);
  assert.equal(Number(row.sessions), new Set(shopRows.map((r) => r.session_id)).size);
});

test('GA4 event_date is the UTC date of event_timestamp (microseconds)', async () => {
  const row = await one(`
    SELECT COUNT(*) FILTER (WHERE event_date <> strftime(make_timestamp(event_timestamp), '%Y%m%d')) AS wrong,
           COUNT(*) FILTER (WHERE event_timestamp % 1000 <> 0) AS not_from_ms, COUNT(*) AS n
    FROM events`);
  assert.equal(Number(row.wrong), 0);
  assert.equal(Number(row.not_from_ms), 0);
  assert.equal(Number(row.n), ga4.summary.events);
});
