/**
 * The vocabularies through the sinks users point them at: files split by GA4's event_name,
 * Kafka keyed by the vocabulary's visitor id (read back with kcat), and the HTTP server
 * streaming a vocabulary scenario by name.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { ndjson, stream } from '../helpers/http-client.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { startServer } from '../helpers/serve-in-process.js';
import { generate } from './generate.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

test('shop-ga4: -o "{event_name}.ndjson" writes one file per GA4 event name, every row in its own file', async () => {
  const { files, summary } = await generate(['-s', 'shop-ga4', '-n', '5000', '--start', '2026-01-01T00:00:00Z'], '{event_name}.ndjson');
  const names = [...files.keys()].sort();
  for (const expected of ['session_start.ndjson', 'page_view.ndjson', 'view_item.ndjson', 'add_to_cart.ndjson', 'view_cart.ndjson']) assert.ok(names.includes(expected), names.join(', '));
  let rows = 0;
  for (const [name, { events }] of files) {
    rows += events.length;
    for (const event of events) assert.equal(`${event.event_name as string}.ndjson`, name);
  }
  assert.equal(rows, summary.events);
});

for (const { scenario, key } of [
  { scenario: 'shop-ga4', key: 'user_pseudo_id' },
  { scenario: 'shop-segment', key: 'anonymousId' },
]) {
  test(`${scenario}: -o kafka:// writes records keyed by ${key} (the vocabulary's sink default)`, { skip: setup.skip }, async () => {
    const topic = `${scenario}-${process.pid}`;
    const args = ['-s', scenario, '-n', '2000', '--start', '2026-01-01T00:00:00Z'];
    const stderr = new PassThrough();
    let errors = '';
    stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await runCli(['generate', ...args, '-q', '-o', `kafka://${setup.broker!.bootstrap}/${topic}`], { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
    assert.equal(code, 0, errors);
    const expected = (await generate(args)).files.get('events.jsonl')!.events;
    const records = await readTopic(setup.broker!.bootstrap, topic);
    assert.deepEqual(
      records.map((r) => JSON.parse(r.value) as unknown),
      expected,
    );
    for (const record of records) assert.equal(record.key, (JSON.parse(record.value) as Record<string, string>)[key]);
    assert.ok(new Set(records.map((r) => r.key)).size > 100);
  });
}

test('serve: /stream/interactions?scenario=shop-ga4 streams GA4 rows', async () => {
  const { server, base } = await startServer();
  try {
    const response = await stream(`${base}/stream/interactions?scenario=shop-ga4&rate=1000&count=40`);
    await response.done;
    assert.equal(response.status, 200);
    const rows = ndjson(response.recorder.lines);
    assert.equal(rows.length, 40);
    for (const row of rows) {
      assert.equal(typeof row.event_name, 'string');
      assert.ok(Array.isArray(row.event_params) && Array.isArray(row.items));
    }
    assert.ok(rows.some((r) => r.event_name === 'session_start'));
  } finally {
    await server.shutdown();
  }
});
