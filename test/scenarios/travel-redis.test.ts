/**
 * The `travel` scenario into a real Redis server with nothing but `-o redis://host:port`: the
 * scenario's sink default writes each event type to its own stream, named as the seed's
 * generator names them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createClient } from 'redis';
import { runCli } from '../../src/cli/main.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { REDIS_SERVER, skipUnlessInstalled } from '../helpers/requirement.js';
import { generate } from './generate.js';

const needsRedis = { skip: skipUnlessInstalled('the travel scenario into Redis', [REDIS_SERVER]) };
let server: RedisServer;
before(async () => {
  if (needsRedis.skip === undefined) server = await startRedisServer();
});
after(async () => {
  if (needsRedis.skip === undefined) await server.dispose();
});

test('travel: -o redis:// writes search_events, click_events and conversion_events streams, in order', needsRedis, async () => {
  const args = ['-s', 'travel', '-n', '3000', '--start', '2026-01-31T12:00:00Z'];
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await runCli(['generate', ...args, '-q', '-o', `redis://127.0.0.1:${server.port}`], { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
  assert.equal(code, 0, errors);
  // The same run into files, one per event type, is what each stream must hold.
  const { files } = await generate(args, '{event_type}_events.jsonl');
  const client = createClient({ url: server.url });
  await client.connect();
  try {
    assert.deepEqual((await client.keys('*')).sort(), ['click_events', 'conversion_events', 'search_events']);
    for (const type of ['search', 'click', 'conversion']) {
      const expected = files.get(`${type}_events.jsonl`)!.events;
      const entries = (await client.xRange(`${type}_events`, '-', '+')) ?? [];
      assert.deepEqual(
        entries.map((entry) => JSON.parse(entry.message.data) as unknown),
        expected,
        `${type}_events`,
      );
    }
  } finally {
    await client.close();
  }
});
