import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { runInProcess } from '../helpers/cli-in-process.js';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';

/**
 * GA4 export rows read by DuckDB, an independent reader, with the queries written against
 * the BigQuery export everywhere: sessions are user_pseudo_id + the ga_session_id event
 * parameter, revenue is ecommerce.purchase_revenue of purchase events. The answers must be
 * the run's answer key and shop's own orders for the same seed, from the NDJSON rows and
 * from the Parquet file with the export's nested structure (records as structs, repeated
 * records as lists of structs) alike.
 */
const SEED = 21;
const END = TEST_START + 2 * 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'clickgen-ga4-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ga4 = await generateBytes('shop-ga4', { seed: SEED, end: END });
const file = join(dir, 'events.ndjson');
writeFileSync(file, ga4.bytes);
const parquetFile = join(dir, 'events.parquet');
// Parquet files are written by the CLI's columnar path.
const parquetRun = await runInProcess(['generate', '-s', 'shop-ga4', '--seed', String(SEED), '--start', new Date(TEST_START).toISOString(), '--duration', '2d', '--format', 'parquet', '-o', parquetFile, '-q']);
assert.equal(parquetRun.code, 0, parquetRun.stderr);
const shopRows = parseLines((await generateBytes('shop', { seed: SEED, end: END })).bytes);
const shopOrders = shopRows.filter((r) => r.event_type === 'purchase');
const shopRevenue = Math.round(shopOrders.reduce((a, r) => a + (r.order_value as number), 0) * 100) / 100;
const shopUnits = shopOrders.reduce((a, r) => a + (r.quantity as number), 0);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
after(() => db.closeSync());
await db.run(`CREATE TABLE events_ndjson AS SELECT * FROM read_json('${file}', format = 'newline_delimited', sample_size = -1)`);
await db.run(`CREATE TABLE events_parquet AS SELECT * FROM read_parquet('${parquetFile}')`);

test('GA4 as Parquet: the export\'s nested types, and the same rows as the NDJSON', async () => {
  const types = new Map((await db.runAndReadAll('DESCRIBE events_parquet')).getRowObjectsJS().map((r) => [r.column_name, r.column_type]));
  assert.equal(types.get('event_timestamp'), 'BIGINT');
  assert.equal(types.get('event_params'), 'STRUCT("key" VARCHAR, "value" STRUCT(int_value BIGINT, string_value VARCHAR, double_value DOUBLE))[]');
  assert.match(types.get('items') as string, /^STRUCT\(item_id VARCHAR, item_category VARCHAR, price DOUBLE, quantity BIGINT\)\[\]$/);
  // The export's ecommerce record: money is FLOAT64 (DOUBLE) even where this shop charges none.
  assert.equal(types.get('ecommerce'), 'STRUCT(total_item_quantity BIGINT, purchase_revenue_in_usd DOUBLE, purchase_revenue DOUBLE, shipping_value DOUBLE, tax_value DOUBLE, transaction_id VARCHAR)');
  assert.match(types.get('device') as string, /^STRUCT\(category VARCHAR, .*web_info STRUCT\(browser VARCHAR, hostname VARCHAR\)\)$/);
  const differ = await one(`SELECT COUNT(*) AS n FROM (SELECT event_timestamp, event_name, user_pseudo_id, to_json(event_params) AS p, to_json(items) AS i FROM events_parquet
    EXCEPT SELECT event_timestamp, event_name, user_pseudo_id, to_json(event_params), to_json(items) FROM events_ndjson)`);
  assert.equal(Number(differ.n), 0);
});

async function one(sql: string): Promise<Record<string, unknown>> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJS()[0];
}

for (const [form, events] of [['NDJSON', 'events_ndjson'], ['Parquet', 'events_parquet']] as const) {
const SESSION_ID = `(SELECT p.value.int_value FROM (SELECT UNNEST(event_params) AS p) WHERE p.key = 'ga_session_id')`;

test(`${form}: GA4 sessionization (user_pseudo_id + ga_session_id) counts the answer key's sessions, and one session_start each`, async () => {
  const row = await one(`
    SELECT COUNT(DISTINCT user_pseudo_id || '.' || CAST(${SESSION_ID} AS VARCHAR)) AS sessions,
           COUNT(*) FILTER (WHERE event_name = 'session_start') AS session_starts,
           COUNT(DISTINCT user_pseudo_id) AS users
    FROM ${events}`);
  assert.equal(Number(row.sessions), ga4.summary.sessions);
  assert.equal(Number(row.session_starts), ga4.summary.sessions);
  assert.equal(Number(row.users), ga4.summary.distinct_users);
});

test(`${form}: GA4 purchase revenue, transactions and units sold equal shop's orders for the same seed`, async () => {
  const row = await one(`
    SELECT ROUND(SUM(ecommerce.purchase_revenue), 2) AS revenue,
           COUNT(DISTINCT ecommerce.transaction_id) AS transactions,
           SUM(ecommerce.total_item_quantity) AS units
    FROM ${events} WHERE event_name = 'purchase'`);
  assert.ok(shopOrders.length > 30, `${shopOrders.length} orders`);
  assert.equal(Number(row.transactions), shopOrders.length);
  assert.equal(Number(row.transactions), ga4.summary.events_by_type.purchase);
  assert.equal(Number(row.revenue), shopRevenue);
  assert.equal(Number(row.units), shopUnits);
});

test(`${form}: GA4 items[] of purchases add up to the revenue (price x quantity per line)`, async () => {
  const row = await one(`
    SELECT ROUND(SUM(i.price * i.quantity), 2) AS item_revenue, SUM(i.quantity) AS units
    FROM (SELECT UNNEST(items) AS i FROM ${events} WHERE event_name = 'purchase')`);
  assert.equal(Number(row.item_revenue), shopRevenue);
  assert.equal(Number(row.units), shopUnits);
});

test(`${form}: GA4 session conversion rate (sessions with a purchase / sessions) equals shop's`, async () => {
  const row = await one(`
    WITH s AS (
      SELECT user_pseudo_id || '.' || CAST(${SESSION_ID} AS VARCHAR) AS session, MAX(CASE WHEN event_name = 'purchase' THEN 1 ELSE 0 END) AS bought
      FROM ${events} GROUP BY 1)
    SELECT SUM(bought) AS converted, COUNT(*) AS sessions FROM s`);
  const shopConverted = new Set(shopOrders.map((r) => r.session_id)).size;
  assert.equal(Number(row.converted), shopConverted);
  assert.equal(Number(row.sessions), new Set(shopRows.map((r) => r.session_id)).size);
});

test(`${form}: GA4 event_date is the UTC date of event_timestamp (microseconds)`, async () => {
  const row = await one(`
    SELECT COUNT(*) FILTER (WHERE event_date <> strftime(make_timestamp(event_timestamp), '%Y%m%d')) AS wrong,
           COUNT(*) FILTER (WHERE event_timestamp % 1000 <> 0) AS not_from_ms, COUNT(*) AS n
    FROM ${events}`);
  assert.equal(Number(row.wrong), 0);
  assert.equal(Number(row.not_from_ms), 0);
  assert.equal(Number(row.n), ga4.summary.events);
});

test(`${form}: ga_session_number counts each user's sessions: one first_visit per user, in the session numbered 1`, async () => {
  const row = await one(`
    WITH s AS (SELECT user_pseudo_id AS u, ${SESSION_ID} AS id, MAX((SELECT p.value.int_value FROM (SELECT UNNEST(event_params) AS p) WHERE p.key = 'ga_session_number')) AS n,
                      COUNT(*) FILTER (WHERE event_name = 'first_visit') AS first_visits
               FROM ${events} GROUP BY 1, 2)
    SELECT COUNT(*) FILTER (WHERE n <> r) AS misnumbered, SUM(first_visits) AS first_visits, COUNT(*) FILTER (WHERE first_visits = 1 AND n <> 1) AS misplaced, MAX(n) AS most
    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY u ORDER BY id) AS r FROM s)`);
  assert.equal(Number(row.misnumbered), 0);
  assert.equal(Number(row.misplaced), 0);
  assert.equal(Number(row.first_visits), ga4.summary.distinct_users);
  assert.ok(Number(row.most) >= 3);
});
}
