/**
 * `--workers N` into keyed outputs: a Kafka topic keyed by user on the real broker, Redis
 * streams per user on a real redis-server, and one file per value. The workers render the
 * keys; the thread that writes takes their records in the single run's order, so every key
 * holds the single run's records for it, in the same order.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { after, before } from 'node:test';
import { createClient } from 'redis';
import { runInProcess } from '../helpers/cli-in-process.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { REDIS_SERVER, skipUnlessInstalled } from '../helpers/requirement.js';

const kafka = await ensureKafkaBroker();
const needsRedis = { skip: skipUnlessInstalled('--workers into Redis', [REDIS_SERVER]) };
let redis: RedisServer | undefined;
before(async () => {
  if (needsRedis.skip === undefined) redis = await startRedisServer();
});
after(async () => {
  kafka.broker?.release();
  await redis?.dispose();
});

async function ok(args: readonly string[]): Promise<string> {
  const result = await runInProcess([...args, '-q']);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Lines grouped by a key, each group in the order given. */
function byKey<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

const userOf = (line: string): string | null => (JSON.parse(line) as { user_id?: string | null }).user_id ?? null;

test('--workers 2 into a Kafka topic keyed by user: the single run’s events, each user’s in the single run’s order in one partition', { skip: kafka.skip }, async () => {
  const { bootstrap } = kafka.broker!;
  const run = ['generate', '-s', 'cart', '--seed', '3', '--start', '2024-05-01T00:00:00Z', '--duration', '30m'];
  const topics = [1, 2].map((workers) => `clickgen-workers-${workers}-${process.pid}-${Date.now()}`);
  const single = (await ok(run)).split('\n').filter((line) => line !== '');
  for (const [i, topic] of topics.entries()) await ok([...run, '--workers', String(i + 1), '-o', `kafka://${bootstrap}/${topic}?key=user_id`]);
  const [one, two] = await Promise.all(topics.map((topic) => readTopic(bootstrap, topic)));

  assert.ok(single.length > 5_000, `${single.length} events are enough to interleave two workers`);
  assert.deepEqual(two.map((r) => r.value).sort(), [...single].sort(), 'the topic holds the single run’s events, each once');
  const keyed = two.filter((r) => r.key !== null);
  assert.ok(keyed.length > single.length / 2, 'most events are keyed');
  const partitionsOf = byKey(keyed, (r) => r.key);
  const expected = byKey(single, userOf);
  for (const [key, records] of partitionsOf) {
    assert.equal(new Set(records.map((r) => r.partition)).size, 1, `user ${key}: one partition`);
    const inOffsetOrder = [...records].sort((a, b) => a.offset - b.offset).map((r) => r.value);
    assert.deepEqual(inOffsetOrder, expected.get(key), `user ${key}: the single run’s events in its order`);
  }
  // Each partition is the same sequence as with one thread: workers change how fast, not what.
  const partitions = (records: typeof one) => [...byKey(records, (r) => String(r.partition))].map(([p, rs]) => [p, rs.sort((a, b) => a.offset - b.offset).map((r) => r.value)] as const).sort();
  assert.deepEqual(partitions(two), partitions(one));
});

test('--workers 2 in real time into a Kafka topic keyed by user: the rate in total, each user’s events in order in their partition', { skip: kafka.skip }, async () => {
  const { bootstrap } = kafka.broker!;
  const topic = `clickgen-workers-live-${process.pid}-${Date.now()}`;
  await ok(['generate', '-s', 'cart', '--realtime', '--rate', '2000', '--duration', '3s', '--warmup-events', '2000', '--workers', '2', '-o', `kafka://${bootstrap}/${topic}?key=user_id`]);
  const records = await readTopic(bootstrap, topic);
  assert.equal(records.length, 6_000);
  const events = records.map((r) => ({ ...r, event: JSON.parse(r.value) as { user_id: string | null; processing_time: number } }));
  // The schedule stamps each record with its due time, when it is received (a late one happened
  // earlier): 2,000 per second, a thousand from each worker.
  const first = Math.min(...events.map((e) => e.event.processing_time));
  const perSecond = new Map<number, number>();
  for (const e of events) perSecond.set(Math.floor((e.event.processing_time - first) / 1000), (perSecond.get(Math.floor((e.event.processing_time - first) / 1000)) ?? 0) + 1);
  assert.deepEqual([perSecond.get(0), perSecond.get(1)], [2_000, 2_000]);
  for (const [key, group] of byKey(events, (e) => e.key)) {
    if (key === null) continue;
    const inOffsetOrder = [...group].sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < inOffsetOrder.length; i++) assert.ok(inOffsetOrder[i - 1].event.processing_time <= inOffsetOrder[i].event.processing_time, `user ${key}: received in order`);
  }
});

test('--workers 2 into Redis streams per user (fields=flat): every stream holds what one thread writes, in order', needsRedis, async () => {
  const run = ['generate', '-s', 'shop', '--seed', '8', '--start', '2024-05-01T00:00:00Z', '--duration', '12h'];
  const single = (await ok(run)).split('\n').filter((line) => line !== '');
  const streams = async (db: number) => {
    const client = createClient({ url: `${redis!.url}/${db}` });
    await client.connect();
    try {
      const keys = (await client.keys('*')).sort();
      const entries = await Promise.all(keys.map(async (key) => [key, ((await client.xRange(key, '-', '+')) ?? []).map((e) => e.message)] as const));
      return new Map(entries);
    } finally {
      await client.close();
    }
  };
  for (const db of [1, 2]) await ok([...run, '--workers', String(db), '-o', `${redis!.url}/${db}?key=user:{user_id}&fields=flat`]);
  const [one, two] = [await streams(1), await streams(2)];
  assert.ok(one.size > 100, `${one.size} streams`);
  assert.deepEqual(two, one, 'the same streams with the same entries in the same order');
  // Each user's stream is that user's events of the single run, in its order.
  const expected = byKey(single, userOf);
  const total = [...two.values()].reduce((sum, entries) => sum + entries.length, 0);
  assert.equal(total, single.length, 'every event once');
  for (const [user, lines] of expected) {
    const entries = two.get(`user:${user ?? ''}`)!;
    assert.deepEqual(
      entries.map((e) => e.event_id),
      lines.map((line) => (JSON.parse(line) as { event_id: string }).event_id),
      `user ${user}: the single run’s order`,
    );
  }
});

test('--workers 2 into one file per value: the same files, byte for byte, as one thread; with --shard, the shard’s files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-workers-split-'));
  try {
    const files = (name: string) => Object.fromEntries(readdirSync(join(dir, name)).map((file) => [file, readFileSync(join(dir, name, file), 'utf8')]));
    const run = ['generate', '-s', 'shop', '--seed', '2', '--start', '2024-05-01T00:00:00Z', '--duration', '2d'];
    await ok([...run, '--workers', '1', '-o', join(dir, 'one', '{event_type}.ndjson')]);
    await ok([...run, '--workers', '3', '-o', join(dir, 'three', '{event_type}.ndjson')]);
    assert.ok(Object.keys(files('one')).length >= 5);
    assert.deepEqual(files('three'), files('one'));
    // Workers split a shard's users again: shard 1 of 2 in two workers is shard 1 of 2.
    await ok([...run, '--shard', '1/2', '-o', join(dir, 'shard', '{event_type}.csv'), '--format', 'csv']);
    await ok([...run, '--shard', '1/2', '--workers', '2', '-o', join(dir, 'shard-workers', '{event_type}.csv'), '--format', 'csv']);
    assert.deepEqual(files('shard-workers'), files('shard'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
