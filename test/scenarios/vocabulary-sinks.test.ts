/**
 * The vocabularies through the sinks users point them at: files split by GA4's event_name,
 * Kafka keyed by the vocabulary's visitor id (read back with kcat), and the HTTP server
 * streaming a vocabulary scenario by name.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ndjson, stream } from '../helpers/http-client.js';
import { ensureKafkaBroker } from '../helpers/kafka.js';
import { startServer } from '../helpers/serve-in-process.js';
import { generate } from './generate.js';
import { generateToKafka } from './generate-to-kafka.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

for (const { scenario, field, expected } of [
  { scenario: 'shop-ga4', field: 'event_name', expected: ['first_visit', 'session_start', 'page_view', 'view_item', 'view_search_results', 'add_to_cart', 'remove_from_cart', 'view_cart', 'begin_checkout', 'add_payment_info', 'purchase'] },
  { scenario: 'shop-snowplow-enriched', field: 'event_name', expected: ['page_view', 'event', 'snowplow_ecommerce_action'] },
  { scenario: 'shop-segment', field: 'type', expected: ['identify', 'page', 'track'] },
  { scenario: 'shop-snowplow', field: 'e', expected: ['pv', 'se', 'ue'] },
]) {
  test(`${scenario}: -o "{${field}}.ndjson" writes one file per ${field}, every row in its own file`, async () => {
    const { files, summary } = await generate(['-s', scenario, '-n', '20000', '--start', '2026-01-01T00:00:00Z'], `{${field}}.ndjson`);
    assert.deepEqual([...files.keys()].sort(), expected.map((name) => `${name}.ndjson`).sort());
    let rows = 0;
    for (const [name, { events }] of files) {
      rows += events.length;
      for (const event of events) assert.equal(`${event[field] as string}.ndjson`, name);
    }
    assert.equal(rows, summary.events);
  });
}

for (const { scenario, key } of [
  { scenario: 'shop-ga4', key: 'user_pseudo_id' },
  { scenario: 'shop-segment', key: 'anonymousId' },
  { scenario: 'shop-snowplow', key: 'duid' },
  { scenario: 'shop-snowplow-enriched', key: 'domain_userid' },
]) {
  test(`${scenario}: -o kafka:// writes records keyed by ${key} (the vocabulary's sink default)`, { skip: setup.skip }, async () => {
    const topic = `${scenario}-${process.pid}`;
    const { records, expected } = await generateToKafka(setup.broker!.bootstrap, topic, ['-s', scenario, '-n', '2000', '--start', '2026-01-01T00:00:00Z']);
    assert.deepEqual(
      records.map((r) => JSON.parse(r.value) as unknown),
      expected,
    );
    for (const record of records) assert.equal(record.key, (JSON.parse(record.value) as Record<string, string>)[key]);
    assert.ok(new Set(records.map((r) => r.key)).size > 100);
  });
}

/** Each vocabulary's own event time, in epoch ms. */
const EVENT_TIME: Record<string, (row: Record<string, unknown>) => number> = {
  'shop-ga4': (row) => (row.event_timestamp as number) / 1000,
  'shop-segment': (row) => Date.parse(row.timestamp as string),
  'shop-snowplow': (row) => Number(row.dtm),
  'shop-snowplow-enriched': (row) => Date.parse(`${(row.dvce_created_tstamp as string).replace(' ', 'T')}Z`),
};

test('serve: /stream/interactions?scenario=NAME streams each vocabulary, stamped with the wall clock as the events go out', async () => {
  const { server, base } = await startServer();
  try {
    for (const [scenario, eventTime] of Object.entries(EVENT_TIME)) {
      const before = Date.now();
      const response = await stream(`${base}/stream/interactions?scenario=${scenario}&rate=200&count=40`);
      await response.done;
      const after = Date.now();
      assert.equal(response.status, 200);
      const rows = ndjson(response.recorder.lines);
      assert.equal(rows.length, 40, scenario);
      for (const row of rows) {
        const t = eventTime(row);
        assert.ok(t >= before - 1000 && t <= after + 1000, `${scenario}: event time ${new Date(t).toISOString()} outside the request's ${new Date(before).toISOString()}..${new Date(after).toISOString()}`);
      }
      if (scenario === 'shop-ga4') {
        for (const row of rows) assert.ok(Array.isArray(row.event_params) && Array.isArray(row.items));
        assert.ok(rows.every((r) => r.event_date === new Date(eventTime(r)).toISOString().slice(0, 10).replaceAll('-', '')));
      }
    }
  } finally {
    await server.shutdown();
  }
});
