import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createClient, type RedisClientType } from 'redis';
import { RunError } from '../../src/errors.js';
import { flatFields } from '../../src/sinks/redis-jobs.js';
import { createRedisSink, MAX_JOBS_IN_FLIGHT, type RedisSinkOptions } from '../../src/sinks/redis.js';
import type { Sink } from '../../src/sinks/types.js';
import { START, clickgen, stderrLines } from '../helpers/cli.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { REDIS_SERVER, skipUnlessInstalled } from '../helpers/requirement.js';
import { recordBytes, toRecordBatch, travelEvents, type TravelEvent } from '../helpers/travel-events.js';

type Client = RedisClientType;
type Entry = { id: string; message: Record<string, string> };
const OPEN = { header: null, format: 'ndjson' } as const;
const TYPES = ['search', 'click', 'conversion'] as const;

const needsRedis = { skip: skipUnlessInstalled('the Redis sink tests', [REDIS_SERVER]) };
let server: RedisServer;
let client: Client;

before(async () => {
  if (needsRedis.skip !== undefined) return;
  server = await startRedisServer();
  client = createClient({ url: server.url });
  await client.connect();
});
after(async () => {
  if (needsRedis.skip !== undefined) return;
  await client.close();
  await server.dispose();
});
beforeEach(async () => {
  if (needsRedis.skip === undefined) await client.flushAll();
});

function sinkFor(port: number, query = '', options: Partial<RedisSinkOptions> = {}): Sink {
  return createRedisSink(`redis://127.0.0.1:${port}${query}`, { defaults: {}, env: {}, ...options });
}

/** Writes `count` events in batches the way the pipeline does; returns the events sent. */
async function send(sink: Sink, count: number, batchSize = 2000, seed = 1, between?: (batchIndex: number) => void): Promise<TravelEvent[]> {
  const sent: TravelEvent[] = [];
  for (let from = 0; from < count; from += batchSize) {
    between?.(from / batchSize);
    const events = travelEvents(seed, from, Math.min(batchSize, count - from));
    await sink.write(toRecordBatch(events, { keyTemplate: sink.keyTemplate, objects: sink.wantsObjects === true }));
    sent.push(...events);
  }
  return sent;
}

async function readStream(redis: Client, key: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let start = '-';
  for (;;) {
    const page: Entry[] = (await redis.xRange(key, start, '+', { COUNT: 10_000 })) ?? [];
    entries.push(...page);
    if (page.length < 10_000) return entries;
    start = `(${page[page.length - 1].id}`;
  }
}

async function assertStreamsHold(redis: Client, sent: readonly TravelEvent[]): Promise<void> {
  assert.deepEqual((await redis.keys('*_events')).sort(), ['click_events', 'conversion_events', 'search_events']);
  for (const type of TYPES) {
    const expected = sent.filter((event) => event.event_type === type);
    assert.equal(await redis.xLen(`${type}_events`), expected.length, `XLEN ${type}_events`);
    const entries = await readStream(redis, `${type}_events`);
    assert.deepEqual(
      entries.map((entry) => JSON.parse(entry.message.data) as unknown),
      expected,
      `${type}_events holds the sent events in order`,
    );
  }
}

async function rejection(promise: Promise<unknown>): Promise<RunError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RunError, `expected a RunError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

void test('50,000 events land in one stream per event type, whole and in order', needsRedis, async () => {
  const sink = sinkFor(server.port);
  assert.equal(sink.keyTemplate, '{event_type}_events');
  assert.equal(sink.wantsObjects, false);
  assert.equal(sink.description, `redis 127.0.0.1:${server.port} stream {event_type}_events`);
  await sink.open(OPEN);
  const sent = await send(sink, 50_000, 5000);
  await sink.close();

  assert.deepEqual(sink.stats(), { delivered: 50_000, failed: 0, bytes: recordBytes(sent), retries: 0 });
  await assertStreamsHold(client, sent);
  const total = (await Promise.all(TYPES.map((type) => client.xLen(`${type}_events`)))).reduce((a, b) => a + b, 0);
  assert.equal(total, 50_000);
  // Every type is represented in realistic proportions (search-heavy, conversions rare).
  const searches = sent.filter((event) => event.event_type === 'search').length;
  assert.ok(searches > 30_000 && searches < 40_000, `searches: ${searches}`);
  assert.deepEqual(await client.keys('clickgen:*'), [], 'the delivery mark is removed at close');
});

void test('records are copied: the pipeline may reuse a batch buffer once write resolves', needsRedis, async () => {
  const sink = sinkFor(server.port, '?key=reused');
  await sink.open(OPEN);
  const first = travelEvents(2, 0, 3000);
  const batch = toRecordBatch(first, { keyTemplate: sink.keyTemplate });
  await sink.write(batch);
  batch.bytes.fill(0x7a);
  await sink.close();
  const entries = await readStream(client, 'reused');
  assert.deepEqual(
    entries.map((entry) => JSON.parse(entry.message.data) as unknown),
    first,
  );
});

void test('flat fields: one stream field per top-level event field, nested values as JSON', needsRedis, async () => {
  const sink = sinkFor(server.port, '?fields=flat');
  assert.equal(sink.wantsObjects, true);
  await sink.open(OPEN);
  const sent = await send(sink, 3000, 1000);
  await sink.close();
  assert.equal(sink.stats().delivered, 3000);
  for (const type of TYPES) {
    const expected = sent.filter((event) => event.event_type === type);
    const entries = await readStream(client, `${type}_events`);
    assert.equal(entries.length, expected.length);
    entries.forEach((entry, i) => {
      const fields = flatFields(expected[i]);
      assert.deepEqual(Object.keys(entry.message), fields.filter((_, k) => k % 2 === 0));
      assert.deepEqual(entry.message, Object.fromEntries(pairs(fields)));
    });
  }
  const [search] = await readStream(client, 'search_events');
  const first = sent.find((event) => event.event_type === 'search')!;
  assert.equal(search.message.geo, JSON.stringify(first.geo));
  assert.equal(search.message.results_count, String(first.results_count));
  assert.equal(search.message.user_id, first.user_id === null ? 'null' : first.user_id);
});

function pairs(fields: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i < fields.length; i += 2) result.push([fields[i], fields[i + 1]]);
  return result;
}

void test('maxlen trims each stream to about N entries (MAXLEN ~), keeping the newest', needsRedis, async () => {
  const sink = sinkFor(server.port, '?key=all_events&maxlen=1000');
  await sink.open(OPEN);
  const sent = await send(sink, 20_000, 4000);
  await sink.close();
  assert.equal(sink.stats().delivered, 20_000);
  const length = await client.xLen('all_events');
  // Approximate trimming drops whole radix-tree nodes (100 entries by default), never below N.
  assert.ok(length >= 1000 && length <= 1100, `XLEN all_events = ${length}`);
  const entries = await readStream(client, 'all_events');
  assert.deepEqual(
    entries.map((entry) => JSON.parse(entry.message.data) as unknown),
    sent.slice(-length),
  );
});

void test('pubsub: every event is published on its channel and a PSUBSCRIBE subscriber receives it', needsRedis, async () => {
  const subscriber = client.duplicate();
  await subscriber.connect();
  const received: { channel: string; event: unknown }[] = [];
  await subscriber.pSubscribe('*_events', (message, channel) => {
    received.push({ channel, event: JSON.parse(message) });
  });
  const sink = sinkFor(server.port, '?mode=pubsub');
  assert.equal(sink.description, `redis 127.0.0.1:${server.port} pubsub {event_type}_events`);
  await sink.open(OPEN);
  const sent = await send(sink, 10_000, 2500);
  await sink.close();
  for (let waited = 0; received.length < sent.length && waited < 10_000; waited += 20) await sleep(20);
  await subscriber.close();

  assert.equal(sink.stats().delivered, 10_000);
  assert.equal(received.length, sent.length);
  assert.deepEqual(
    received.map((message) => message.channel),
    sent.map((event) => `${event.event_type}_events`),
  );
  assert.deepEqual(
    received.map((message) => message.event),
    sent,
  );
});

void test('list mode appends each event to its list (RPUSH), in order', needsRedis, async () => {
  const sink = sinkFor(server.port, '/3?mode=list&key=travel:{event_type}');
  await sink.open(OPEN);
  const sent = await send(sink, 6000, 1500);
  await sink.close();
  const db3 = client.duplicate({ database: 3 });
  await db3.connect();
  for (const type of TYPES) {
    const items = await db3.lRange(`travel:${type}`, 0, -1);
    assert.deepEqual(
      items.map((item) => JSON.parse(item) as unknown),
      sent.filter((event) => event.event_type === type),
    );
  }
  await db3.close();
  assert.equal(await client.exists('travel:search'), 0, 'database 0 is untouched');
});

void test('a bare redis:// target connects to REDIS_HOST and REDIS_PORT', needsRedis, async () => {
  const sink = createRedisSink('redis://?key=from_env', { defaults: {}, env: { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(server.port) } });
  await sink.open(OPEN);
  await send(sink, 500);
  await sink.close();
  assert.equal(await client.xLen('from_env'), 500);
});

void test('write resolves only while fewer than the in-flight bound of jobs await replies', needsRedis, async () => {
  const sink = sinkFor(server.port, '?key=slow');
  await sink.open(OPEN);
  server.pause();
  try {
    // Each job is 1000 records: the bound is reached within this one batch.
    const jobs = MAX_JOBS_IN_FLIGHT + 2;
    let resolved = false;
    const writing = sink.write(toRecordBatch(travelEvents(3, 0, jobs * 1000), { keyTemplate: sink.keyTemplate })).then(() => {
      resolved = true;
    });
    await sleep(500);
    assert.equal(resolved, false, 'write must wait while the server does not answer');
    assert.equal(sink.stats().delivered, 0);
    server.resume();
    await writing;
    await sink.close();
    assert.equal(await client.xLen('slow'), jobs * 1000);
  } finally {
    server.resume();
  }
});

void test('an event without a value for the key template fails the write and is counted', needsRedis, async () => {
  const sink = sinkFor(server.port, '?key={user_id}');
  await sink.open(OPEN);
  const events = travelEvents(4, 0, 50);
  assert.ok(events.some((event) => event.user_id === null));
  const error = await rejection(sink.write(toRecordBatch(events, { keyTemplate: sink.keyTemplate })));
  assert.match(error.message, /has no key: the key template '\{user_id\}' gives nothing for it \(the field is null or absent\)/);
  assert.deepEqual(sink.stats(), { delivered: 0, failed: 50, bytes: 0, retries: 0 });
  assert.equal(await rejection(sink.close()), error, 'close reports the failure too');
});

void test('abort drops what is in flight, counts it failed and returns at once', needsRedis, async () => {
  const sink = sinkFor(server.port, '?key=aborted');
  await sink.open(OPEN);
  server.pause();
  try {
    const writing = sink.write(toRecordBatch(travelEvents(11, 0, 10_000), { keyTemplate: sink.keyTemplate }));
    writing.catch(() => undefined);
    await sleep(200);
    const started = performance.now();
    await sink.abort();
    assert.ok(performance.now() - started < 1000);
    const error = await rejection(writing);
    assert.match(error.message, /aborted$/);
    assert.deepEqual(sink.stats(), { delivered: 0, failed: 10_000, bytes: 0, retries: 0 });
  } finally {
    server.resume();
  }
});

void test('a key of the wrong type fails the run; the other records of the batch are still counted delivered', needsRedis, async () => {
  await client.set('search_events', 'not a stream');
  const sink = sinkFor(server.port);
  await sink.open(OPEN);
  const events = travelEvents(5, 0, 1000);
  const searches = events.filter((event) => event.event_type === 'search').length;
  await sink.write(toRecordBatch(events, { keyTemplate: sink.keyTemplate }));
  const error = await rejection(sink.close());
  assert.equal(error.code, 'SINK_FAILED');
  assert.equal(error.exitCode, 1);
  assert.match(error.message, new RegExp(`^redis 127\\.0\\.0\\.1:${server.port}: WRONGTYPE`));
  const others = events.filter((event) => event.event_type !== 'search');
  assert.deepEqual(sink.stats(), { delivered: others.length, failed: searches, bytes: recordBytes(others), retries: 0 });
  assert.equal(await client.xLen('click_events'), events.filter((event) => event.event_type === 'click').length);
});

void test('clickgen generate into a key of the wrong type: exit 1, one line with the server, the reason and how many records were written and failed', needsRedis, async () => {
  await client.set('click_events', 'not a stream');
  const result = await clickgen(['generate', '-s', 'travel', '--start', START, '-n', '500', '-o', `redis://127.0.0.1:${server.port}`]);
  assert.equal(result.code, 1);
  const lines = stderrLines(result);
  assert.equal(lines.length, 1, result.stderr);
  const [, delivered, failed] = new RegExp(`^clickgen: redis 127\\.0\\.0\\.1:${server.port}: WRONGTYPE .* \\(([\\d,]+) events, [\\d,]+ bytes handed to the output before; ([\\d,]+) failed\\)$`).exec(lines[0]) ?? [];
  assert.ok(delivered !== undefined, lines[0]);
  const searches = await client.xLen('search_events');
  assert.ok(Number(failed.replaceAll(',', '')) > 0 && Number(delivered.replaceAll(',', '')) >= searches, `${delivered} delivered, ${failed} failed, ${searches} searches in Redis`);
});

void test('a database the server does not have is a bad target: one line, exit 2, at once, without retries', needsRedis, async () => {
  const began = performance.now();
  const result = await clickgen(['generate', '-s', 'travel', '--start', START, '-n', '50', '-o', `redis://127.0.0.1:${server.port}/99`]);
  assert.equal(result.code, 2, result.stderr);
  assert.deepEqual(stderrLines(result), [`clickgen: redis 127.0.0.1:${server.port}: no database 99 on this server (ERR DB index is out of range); give a database number the server has, such as /0`]);
  assert.ok(performance.now() - began < 10_000, 'no connection retries');
});

void test('a server out of memory refuses the whole job; nothing of it is written', needsRedis, async () => {
  const sink = sinkFor(server.port);
  await sink.open(OPEN);
  await client.configSet({ maxmemory: '1', 'maxmemory-policy': 'noeviction' });
  try {
    await sink.write(toRecordBatch(travelEvents(10, 0, 1500), { keyTemplate: sink.keyTemplate }));
    const error = await rejection(sink.close());
    assert.match(error.message, new RegExp(`^redis 127\\.0\\.0\\.1:${server.port}: OOM command not allowed`));
    assert.deepEqual(sink.stats(), { delivered: 0, failed: 1500, bytes: 0, retries: 0 });
  } finally {
    await client.configSet('maxmemory', '0');
  }
  assert.deepEqual(await client.keys('*'), []);
});

void test('an unreachable server fails open quickly with one line naming host and port', needsRedis, async () => {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');

  const sink = sinkFor(port);
  const started = performance.now();
  const error = await rejection(sink.open(OPEN));
  const elapsed = performance.now() - started;
  assert.equal(error.code, 'SINK_FAILED');
  assert.equal(error.exitCode, 1);
  assert.equal(error.message, `redis 127.0.0.1:${port}: cannot connect after 5 attempts: connect ECONNREFUSED 127.0.0.1:${port}`);
  assert.ok(elapsed > 500 && elapsed < 5000, `gave up after ${Math.round(elapsed)} ms`);
});

void test('a password-protected server: the right password delivers, a wrong or missing one fails at once', needsRedis, async () => {
  const secured = await startRedisServer({ password: 'open sesame' });
  try {
    const good = createRedisSink(`redis://:open%20sesame@127.0.0.1:${secured.port}`, { defaults: {}, env: {} });
    await good.open(OPEN);
    await send(good, 2000);
    await good.close();
    const checker = createClient({ url: secured.url });
    await checker.connect();
    const total = (await Promise.all(TYPES.map((type) => checker.xLen(`${type}_events`)))).reduce((a, b) => a + b, 0);
    assert.equal(total, 2000);

    const connections = async (): Promise<number> => Number(/total_connections_received:(\d+)/.exec(await checker.info('stats'))![1]);
    for (const [target, reason] of [
      [`redis://:wrong@127.0.0.1:${secured.port}`, /WRONGPASS/],
      [`redis://127.0.0.1:${secured.port}`, /NOAUTH/],
      [`redis://?key=x`, /WRONGPASS/],
    ] as const) {
      const before = await connections();
      const started = performance.now();
      const sink = createRedisSink(target, { defaults: {}, env: { REDIS_URL: `redis://:wrong@127.0.0.1:${secured.port}` } });
      const error = await rejection(sink.open(OPEN));
      assert.equal(error.exitCode, 1);
      assert.match(error.message, new RegExp(`^redis 127\\.0\\.0\\.1:${secured.port}: authentication failed \\(`));
      assert.match(error.message, reason);
      assert.doesNotMatch(error.message, /wrong@|sesame/);
      assert.ok(performance.now() - started < 2000, 'not retried');
      assert.equal((await connections()) - before, 1, 'one connection attempt, no retries');
    }
    await checker.close();
  } finally {
    await secured.dispose();
  }
});

void test('a server restart mid-run (killed, then started again): every event is there exactly once', needsRedis, async () => {
  const durable = await startRedisServer({ persistence: 'aof' });
  try {
    const notices: string[] = [];
    const sink = createRedisSink(`redis://127.0.0.1:${durable.port}`, { defaults: {}, env: {}, notice: (line) => notices.push(line) });
    await sink.open(OPEN);
    let restarted: Promise<void> | undefined;
    const sent = await send(sink, 50_000, 1000, 6, (batchIndex) => {
      if (batchIndex === 15) restarted = durable.stop('SIGKILL').then(() => sleep(300)).then(() => durable.start());
    });
    await restarted;
    await sink.close();
    assert.deepEqual(notices, [], 'a server that kept its data: nothing to report');
    assert.equal(sink.stats().delivered, 50_000);
    assert.equal(sink.stats().failed, 0);
    assert.ok(sink.stats().retries >= 1, 'batches cut off by the restart were sent again');
    const checker = createClient({ url: durable.url });
    await checker.connect();
    await assertStreamsHold(checker, sent);
    await checker.close();
  } finally {
    await durable.dispose();
  }
});

void test('a server restarted without persistence: one notice that what was written before is lost there, and the run goes on', needsRedis, async () => {
  const volatile = await startRedisServer();
  try {
    const notices: string[] = [];
    const sink = createRedisSink(`redis://127.0.0.1:${volatile.port}`, { defaults: {}, env: {}, notice: (line) => notices.push(line) });
    await sink.open(OPEN);
    let restarted: Promise<void> | undefined;
    await send(sink, 30_000, 1000, 6, (batchIndex) => {
      if (batchIndex === 15) restarted = volatile.stop('SIGKILL').then(() => sleep(300)).then(() => volatile.start());
    });
    await restarted;
    await sink.close();
    assert.equal(notices.length, 1, notices.join('\n'));
    assert.match(notices[0], new RegExp(`^redis 127\\.0\\.0\\.1:${volatile.port}: reconnected to a server that no longer holds what this run wrote before`));
    assert.equal(sink.stats().delivered, 30_000);
    const checker = createClient({ url: volatile.url });
    await checker.connect();
    const held = (await Promise.all(TYPES.map((type) => checker.xLen(`${type}_events`)))).reduce((a, b) => a + b, 0);
    await checker.close();
    assert.ok(held > 0 && held < 30_000, `the records sent after the restart are there, the earlier ones not: ${held}`);
  } finally {
    await volatile.dispose();
  }
});

void test('replies lost with the connection: applied batches are recognised and not written twice', needsRedis, async () => {
  const proxy = await startFaultProxy('127.0.0.1', server.port);
  try {
    const sink = sinkFor(proxy.port, '', { reconnectAttempts: 20 });
    await sink.open(OPEN);
    let cut: Promise<void> | undefined;
    const sent = await send(sink, 30_000, 1000, 7, (batchIndex) => {
      if (batchIndex === 10) {
        // The server keeps executing what it receives; only its answers are lost.
        proxy.dropReplies();
        cut = sleep(300).then(() => proxy.cutConnections());
      }
    });
    await cut;
    await sink.close();
    assert.ok(proxy.droppedBytes > 0, 'some replies were lost');
    const stats = sink.stats();
    assert.deepEqual([stats.delivered, stats.failed, stats.bytes], [30_000, 0, recordBytes(sent)]);
    await assertStreamsHold(client, sent);
  } finally {
    await proxy.close();
  }
});

void test('a connection that cannot be restored fails the run with the counts of what was and was not delivered', needsRedis, async () => {
  const doomed = await startRedisServer();
  const sink = createRedisSink(`redis://127.0.0.1:${doomed.port}`, { defaults: {}, env: {}, reconnectAttempts: 3 });
  await sink.open(OPEN);
  await send(sink, 2000);
  for (let waited = 0; sink.stats().delivered < 2000 && waited < 5000; waited += 10) await sleep(10);
  await doomed.dispose();
  // More jobs than may be in flight: write has to wait, and learns of the failure.
  const failure = await rejection(send(sink, 10_000, 5000, 8));
  assert.equal(await rejection(sink.close()), failure, 'close reports the same failure');
  assert.match(failure.message, new RegExp(`^redis 127\\.0\\.0\\.1:${doomed.port}: connection lost and not restored after 3 attempts: `));
  const stats = sink.stats();
  assert.equal(stats.delivered, 2000);
  // The first batch of 5000 was handed over whole; the second never reached the sink.
  assert.equal(stats.delivered + stats.failed, 7000);
});

void test('rediss:// connects with TLS and checks the server certificate', needsRedis, async () => {
  const secure = await startRedisServer({ tls: true });
  try {
    const run = async (target: string, extraCa?: string): Promise<Record<string, unknown>> => {
      const env = { ...process.env, NODE_EXTRA_CA_CERTS: extraCa };
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/write-travel-events.ts', target, '3000'], { env });
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    // Trusted (the test CA added at process start): delivered over TLS.
    const stats = await run(`rediss://localhost:${secure.port}?key=secure`, secure.caFile);
    assert.deepEqual({ delivered: stats.delivered, failed: stats.failed }, { delivered: 3000, failed: 0 });
    const checker = createClient({ url: secure.url, socket: { tls: true, ca: readFileSync(secure.caFile!) } });
    await checker.connect();
    assert.equal(await checker.xLen('secure'), 3000);
    await checker.close();
    // Not trusted: one line that says why.
    const refused = await run(`rediss://localhost:${secure.port}`);
    assert.equal(refused.code, 'SINK_FAILED');
    assert.equal(
      refused.message,
      `redis localhost:${secure.port}: the server's TLS certificate was not accepted (self-signed certificate); trust its CA with NODE_EXTRA_CA_CERTS`,
    );
    // Plain redis:// to a TLS port fails too, rather than hanging.
    const plain = await run(`redis://127.0.0.1:${secure.port}`);
    assert.match(String(plain.message), new RegExp(`^redis 127\\.0\\.0\\.1:${secure.port}: cannot connect`));
  } finally {
    await secure.dispose();
  }
});
