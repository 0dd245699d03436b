/**
 * The Kafka sink against a real single-node broker (scripts/kafka-broker.sh), read back with an
 * independent consumer (kcat). Without Java outside CI these tests are skipped with a message
 * saying how to run them; in CI a missing broker fails.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { ClickgenError, RunError } from '../../src/errors.js';
import { createSink } from '../../src/sinks/create-sink.js';
import { createKafkaSink } from '../../src/sinks/kafka.js';
import { partitionForKey } from '../../src/sinks/kafka-partitioner.js';
import type { Sink } from '../../src/sinks/types.js';
import { ensureKafkaBroker, logBatches, logCodecs, readTopic, recordBatch, restartBroker, unusedPort, type ConsumedRecord } from '../helpers/kafka.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());
const needsBroker = { skip: setup.skip };
const bootstrap = setup.broker?.bootstrap ?? '';
const openContext = { header: null, format: 'ndjson' };
const USERS = 2_000;

let topicCount = 0;
function uniqueTopic(name: string): string {
  return `${name}-${process.pid}-${++topicCount}`;
}

/** `key: null` sends records without keys. */
function sinkFor(topic: string, query: string, key: string | null = 'user_id'): Sink {
  return createKafkaSink(`kafka://${bootstrap}/${topic}?${query}`, { defaults: { key: key ?? undefined }, env: {} });
}

/** Clickstream-like JSON objects of about 250 bytes, numbered by `seq`. */
function events(from: number, count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let seq = from; seq < from + count; seq++) {
    out.push({
      seq,
      event_id: `evt_${String(seq).padStart(10, '0')}`,
      user_id: `USER_${String((seq * 7919) % USERS).padStart(4, '0')}`,
      session_id: `sess_${(seq * 31) % 9973}`,
      event_type: ['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT', 'PURCHASE'][seq % 5],
      product_id: `PROD_${String(seq % 50).padStart(3, '0')}`,
      price: (seq % 10_000) / 100,
      page_url: `/products/category-${seq % 12}/item-${seq % 977}?ref=home`,
    });
  }
  return out;
}

async function produce(sink: Sink, total: number, batchSize: number, timeOf: (seq: number) => number, onBatch?: (written: number) => void): Promise<number> {
  let bytes = 0;
  for (let from = 0; from < total; from += batchSize) {
    const objects = events(from, Math.min(batchSize, total - from));
    const batch = recordBatch(
      objects,
      objects.map((object) => timeOf(object.seq as number)),
      sink.keyTemplate === undefined ? undefined : 'user_id',
    );
    bytes += batch.bytes.length - batch.count;
    await sink.write(batch);
    onBatch?.(from + objects.length);
  }
  return bytes;
}

function seqsOf(records: readonly ConsumedRecord[]): number[] {
  return records.map((record) => (JSON.parse(record.value) as { seq: number }).seq);
}

test('100,000 keyed records: all delivered, keyed by user_id, one partition per key, in order, event-time timestamps, LZ4 on disk', needsBroker, async () => {
  const topic = uniqueTopic('keyed');
  const total = 100_000;
  const partitions = 6;
  const timeOf = (seq: number) => Date.UTC(2024, 2, 1) + seq * 37;
  const sink = sinkFor(topic, `partitions=${partitions}&compression=lz4`);
  assert.equal(sink.keyTemplate, '{user_id}');
  assert.equal(sink.description, `kafka ${bootstrap}/${topic}`);
  await sink.open(openContext);
  const bytes = await produce(sink, total, 2_500, timeOf);
  await sink.close();
  // Retries are not asserted: a loaded machine may time a request out and send it again.
  assert.deepEqual({ ...sink.stats(), retries: 0 }, { delivered: total, failed: 0, bytes, retries: 0 });

  const records = await readTopic(bootstrap, topic);
  assert.equal(records.length, total);
  const seen = new Uint8Array(total);
  const partitionOfKey = new Map<string, number>();
  const lastSeqOfKey = new Map<string, number>();
  for (const record of records) {
    const value = JSON.parse(record.value) as { seq: number; user_id: string };
    seen[value.seq]++;
    assert.equal(record.key, value.user_id);
    assert.equal(record.timestamp, timeOf(value.seq));
    const key = value.user_id;
    assert.equal(partitionOfKey.get(key) ?? record.partition, record.partition, `key ${key} in one partition`);
    partitionOfKey.set(key, record.partition);
    assert.ok((lastSeqOfKey.get(key) ?? -1) < value.seq, `key ${key} in order`);
    lastSeqOfKey.set(key, value.seq);
  }
  assert.ok(seen.every((count) => count === 1), 'every record exactly once');
  assert.equal(partitionOfKey.size, USERS);
  for (const [key, partition] of partitionOfKey) assert.equal(partition, partitionForKey(Buffer.from(key), partitions));
  assert.equal(new Set(partitionOfKey.values()).size, partitions, 'keys spread over all partitions');
  assert.deepEqual(logCodecs(topic), new Set(['lz4']));
});

test('pipelined requests: hundreds of small requests, up to five on the wire, keep per-partition order, contiguous sequence numbers and no duplicates', needsBroker, async () => {
  const topic = uniqueTopic('pipelined');
  const total = 20_000;
  const partitions = 4;
  const batchBytes = 4096;
  const timeOf = (seq: number) => Date.UTC(2024, 3, 1) + seq * 11;
  const sink = sinkFor(topic, `partitions=${partitions}&batch=${batchBytes}&linger=0`);
  await sink.open(openContext);
  let mostUnacknowledged = 0;
  const bytes = await produce(sink, total, 500, timeOf, (written) => {
    mostUnacknowledged = Math.max(mostUnacknowledged, written - sink.stats().delivered);
  });
  await sink.close();
  assert.deepEqual({ ...sink.stats(), retries: 0 }, { delivered: total, failed: 0, bytes, retries: 0 });
  // One request in flight and one ready behind it, plus what is gathering, would leave at most
  // three requests' worth unacknowledged when a write returns.
  const recordsPerRequest = Math.floor(batchBytes / (bytes / total + 'USER_0000'.length + 16));
  assert.ok(mostUnacknowledged > 3 * recordsPerRequest, `${mostUnacknowledged} records unacknowledged at most, requests of ${recordsPerRequest}`);

  const records = await readTopic(bootstrap, topic);
  const seqs = seqsOf(records);
  assert.equal(seqs.length, total);
  assert.equal(new Set(seqs).size, total, 'no duplicates');
  const lastSeqOfPartition = new Map<number, number>();
  records.forEach((record, i) => {
    assert.ok((lastSeqOfPartition.get(record.partition) ?? -1) < seqs[i], `partition ${record.partition} in generation order at offset ${record.offset}`);
    lastSeqOfPartition.set(record.partition, seqs[i]);
    assert.equal(record.timestamp, timeOf(seqs[i]));
  });

  const batches = logBatches(topic);
  assert.ok(batches.length > total / recordsPerRequest / 2, `${batches.length} record batches`);
  assert.ok(batches.every((batch) => batch.valid && batch.codec === 'lz4'));
  assert.equal(new Set(batches.map((batch) => batch.producerId)).size, 1, 'one idempotent producer');
  for (let partition = 0; partition < partitions; partition++) {
    const ofPartition = batches.filter((batch) => batch.partition === partition);
    let nextSequence = 0;
    for (const batch of ofPartition) {
      assert.equal(batch.baseSequence, nextSequence, `partition ${partition} batch at offset ${batch.baseOffset} continues the sequence`);
      assert.equal(batch.lastSequence - batch.baseSequence + 1, batch.count);
      nextSequence = batch.lastSequence + 1;
    }
    assert.equal(nextSequence, records.filter((record) => record.partition === partition).length);
  }
});

test('acks=1 and acks=0 (no idempotence) deliver every record, once, without a producer id, all of it before close returns', needsBroker, async () => {
  const warmUp = 1_000_000;
  const total = 20_000;
  for (const acks of ['1', '0']) {
    const topic = uniqueTopic(`acks-${acks}`);
    // A new topic's partitions can refuse the first writes while they get their leaders, and
    // with acks=0 nobody hears of it: the topic is created and written to with acks=all first.
    const creator = sinkFor(topic, 'partitions=3');
    await creator.open(openContext);
    await creator.write(recordBatch(events(warmUp, 300), new Array<number>(300).fill(Date.UTC(2024, 0, 1)), 'user_id'));
    await creator.close();
    const sink = sinkFor(topic, `acks=${acks}&batch=16384`);
    await sink.open(openContext);
    const bytes = await produce(sink, total, 2_000, (seq) => Date.UTC(2024, 0, 1) + seq);
    await sink.close();
    assert.deepEqual({ ...sink.stats(), retries: 0 }, { delivered: total, failed: 0, bytes, retries: 0 }, `acks=${acks}`);
    // Read right after close: with acks=0 too, close returns only once the broker has handled every request.
    const seqs = seqsOf(await readTopic(bootstrap, topic)).filter((seq) => seq < warmUp);
    assert.equal(new Set(seqs).size, total, `acks=${acks}`);
    assert.equal(seqs.length, total, `acks=${acks}`);
    assert.ok(logBatches(topic).filter((batch) => batch.producerId === -1).every((batch) => batch.baseSequence === -1), `acks=${acks}`);
    assert.equal(logBatches(topic).filter((batch) => batch.producerId === -1).reduce((sum, batch) => sum + batch.count, 0), total, `acks=${acks}`);
  }
});

test('createSink routes kafka:// targets here with the scenario defaults', needsBroker, async () => {
  const topic = uniqueTopic('routed');
  const sink = await createSink(`kafka://${bootstrap}`, {
    defaults: { kafka: { topic, key: 'user_id', partitions: 2 } },
    env: {},
    stdout: process.stdout,
  });
  assert.equal(sink.description, `kafka ${bootstrap}/${topic}`);
  assert.equal(sink.keyTemplate, '{user_id}');
  await sink.open(openContext);
  await produce(sink, 200, 200, (seq) => Date.UTC(2024, 0, 1) + seq);
  await sink.close();
  const records = await readTopic(bootstrap, topic);
  assert.equal(records.length, 200);
  assert.deepEqual(new Set(records.map((record) => record.partition)), new Set([0, 1]));
  assert.ok(records.every((record) => record.key === (JSON.parse(record.value) as { user_id: string }).user_id));
});

test('each compression codec reaches the log as asked', needsBroker, async () => {
  for (const codec of ['none', 'gzip', 'snappy']) {
    const topic = uniqueTopic(`codec-${codec}`);
    const sink = sinkFor(topic, `compression=${codec}&partitions=2`);
    await sink.open(openContext);
    await produce(sink, 3_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
    await sink.close();
    assert.equal(sink.stats().delivered, 3_000);
    assert.equal((await readTopic(bootstrap, topic)).length, 3_000);
    assert.deepEqual(logCodecs(topic), new Set([codec]), codec);
  }
});

test('tiny records without compression stay under the broker limit per request', needsBroker, async () => {
  // 60,000 records of 20 bytes: 1.2 MB of values but, framed, more than max.message.bytes (1 MiB)
  // if a request were cut by value bytes alone.
  const topic = uniqueTopic('tiny');
  const sink = sinkFor(topic, 'compression=none&partitions=1', null);
  await sink.open(openContext);
  const objects = Array.from({ length: 60_000 }, (_, seq) => ({ s: String(seq).padStart(12, '0') }));
  await sink.write(recordBatch(objects, objects.map(() => Date.UTC(2024, 0, 1)), undefined));
  await sink.close();
  assert.deepEqual({ ...sink.stats(), retries: 0 }, { delivered: 60_000, failed: 0, bytes: 60_000 * 20, retries: 0 });
});

test('records without a key spread evenly over the partitions', needsBroker, async () => {
  const topic = uniqueTopic('unkeyed');
  const sink = sinkFor(topic, 'partitions=4', null);
  assert.equal(sink.keyTemplate, undefined);
  await sink.open(openContext);
  await produce(sink, 4_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
  await sink.close();
  const records = await readTopic(bootstrap, topic);
  assert.equal(records.length, 4_000);
  assert.ok(records.every((record) => record.key === null));
  const perPartition = [0, 1, 2, 3].map((partition) => records.filter((record) => record.partition === partition).length);
  assert.deepEqual(perPartition, [1_000, 1_000, 1_000, 1_000]);
});

test('a small batch goes out after linger ms, before close', needsBroker, async () => {
  const topic = uniqueTopic('linger');
  const sink = sinkFor(topic, 'linger=50');
  await sink.open(openContext);
  await produce(sink, 10, 10, (seq) => Date.UTC(2024, 0, 1) + seq);
  assert.equal(sink.stats().delivered, 0, 'still lingering right after the write');
  for (let waited = 0; sink.stats().delivered < 10 && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(sink.stats().delivered, 10, 'delivered while the sink is still open');
  assert.equal((await readTopic(bootstrap, topic)).length, 10);
  await sink.close();
});

test('abort drops what is still gathering and counts it as failed', needsBroker, async () => {
  const topic = uniqueTopic('abort');
  const sink = sinkFor(topic, 'linger=60000');
  await sink.open(openContext);
  await produce(sink, 100, 100, (seq) => Date.UTC(2024, 0, 1) + seq);
  await sink.abort();
  assert.deepEqual(sink.stats(), { delivered: 0, failed: 100, bytes: 0, retries: 0 });
  assert.equal((await readTopic(bootstrap, topic)).length, 0);
  await assert.rejects(sink.write(recordBatch(events(0, 2), [0, 0], 'user_id')), RunError);
  assert.equal(sink.stats().failed, 102);
});

test('an existing topic keeps its partition count', needsBroker, async () => {
  const topic = uniqueTopic('existing');
  const first = sinkFor(topic, 'partitions=3');
  await first.open(openContext);
  await first.close();
  const second = sinkFor(topic, 'partitions=8');
  await second.open(openContext);
  await produce(second, 1_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
  await second.close();
  const partitions = new Set((await readTopic(bootstrap, topic)).map((record) => record.partition));
  assert.deepEqual([...partitions].sort(), [0, 1, 2]);
});

test('event times days ahead of the wall clock are accepted on a topic the sink creates', needsBroker, async () => {
  const topic = uniqueTopic('future');
  const sink = sinkFor(topic, 'partitions=1');
  await sink.open(openContext);
  const future = Date.now() + 30 * 86_400_000;
  await produce(sink, 500, 500, (seq) => future + seq);
  await sink.close();
  const records = await readTopic(bootstrap, topic);
  assert.equal(records.length, 500);
  assert.equal(records[0].timestamp, future);
});

test('records the broker refuses count as failed and end the run with a RunError that says why', needsBroker, async () => {
  const topic = uniqueTopic('refused');
  const sink = sinkFor(topic, 'compression=none&linger=0');
  await sink.open(openContext);
  // Larger than the broker's max.message.bytes (1 MiB): refused, and retrying cannot help.
  const huge = recordBatch([{ seq: 0, user_id: 'USER_0001', pad: 'x'.repeat(1_200_000) }], [Date.UTC(2024, 0, 1)], 'user_id');
  await sink.write(huge);
  await assert.rejects(sink.close(), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.code, 'SINK_FAILED');
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /max\.message\.bytes/);
    return true;
  });
  assert.deepEqual(sink.stats(), { delivered: 0, failed: 1, bytes: 0, retries: 0 });
  await assert.rejects(sink.write(recordBatch(events(0, 3), [0, 0, 0], 'user_id')), RunError);
  assert.equal(sink.stats().failed, 4, 'records refused after the failure count as failed too');
});

test('broker stopped and started in the middle of a 500,000-record run: no loss, no duplicates', needsBroker, async () => {
  const topic = uniqueTopic('restart');
  const total = 500_000;
  // Event times within the last day: the broker forgets an idempotent producer whose newest
  // record timestamp is older than producer.id.expiration.ms (1 day) when it reloads after a
  // restart, and without that state it cannot recognise a retried batch (docs/kafka.md).
  const base = Date.now() - 3_600_000;
  const sink = sinkFor(topic, 'partitions=3');
  await sink.open(openContext);
  let restart: Promise<void> | undefined;
  await produce(sink, total, 2_000, (seq) => base + seq, (written) => {
    if (restart === undefined && written >= 150_000) restart = restartBroker();
  });
  await sink.close();
  await restart;
  const stats = sink.stats();
  assert.equal(stats.delivered, total);
  assert.equal(stats.failed, 0);
  assert.ok(stats.retries > 0, 'the restart was noticed and retried');

  const seqs = seqsOf(await readTopic(bootstrap, topic));
  assert.equal(seqs.length, total, 'consumed count equals produced count');
  assert.equal(new Set(seqs).size, total, 'no duplicates');
});

test('SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 deliver; a wrong password fails at open without waiting', needsBroker, async () => {
  const sasl = setup.broker!.sasl;
  const env = { KAFKA_USERNAME: sasl.user, KAFKA_PASSWORD: sasl.password };
  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512']) {
    const topic = uniqueTopic(`sasl-${mechanism}`);
    const sink = createKafkaSink(`kafka://${sasl.bootstrap}/${topic}?sasl=${mechanism}`, { defaults: { key: 'user_id' }, env });
    await sink.open(openContext);
    await produce(sink, 1_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
    await sink.close();
    assert.equal(sink.stats().delivered, 1_000, mechanism);
    assert.equal((await readTopic(bootstrap, topic)).length, 1_000, mechanism);
  }
  const wrong = createKafkaSink(`kafka://${sasl.bootstrap}/t?sasl=scram-sha-256&user=${sasl.user}&password=wrong`, { defaults: {}, env: {} });
  const started = performance.now();
  await assert.rejects(wrong.open(openContext), (error: unknown) => error instanceof RunError && /authentication failed/.test(error.message) && !error.message.includes('wrong'));
  assert.ok(performance.now() - started < 10_000, 'no retrying until connect_timeout');
});

test('TLS with ca=FILE delivers; without the CA the untrusted certificate fails at open', needsBroker, async () => {
  const tls = setup.broker!.tls;
  const topic = uniqueTopic('tls');
  const sink = createKafkaSink(`kafka://${tls.bootstrap}/${topic}?tls=true&ca=${encodeURIComponent(tls.caFile)}`, { defaults: { key: 'user_id' }, env: {} });
  await sink.open(openContext);
  await produce(sink, 1_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
  await sink.close();
  assert.equal((await readTopic(bootstrap, topic)).length, 1_000);

  const untrusted = createKafkaSink(`kafka://${tls.bootstrap}/${topic}?tls=true`, { defaults: {}, env: {} });
  await assert.rejects(untrusted.open(openContext), (error: unknown) => error instanceof RunError && /certificate is not trusted/.test(error.message) && /ca=FILE/.test(error.message));
  const missingCa = createKafkaSink(`kafka://${tls.bootstrap}/${topic}?ca=/nonexistent/ca.pem`, { defaults: {}, env: {} });
  await assert.rejects(missingCa.open(openContext), (error: unknown) => error instanceof ClickgenError && error.exitCode === 2 && error.message.includes('/nonexistent/ca.pem'));
});

test('an unreachable broker at start: retried until connect_timeout, then a RunError naming the servers', async () => {
  const port = await unusedPort();
  const sink = createKafkaSink(`kafka://127.0.0.1:${port}/t?connect_timeout=1500`, { defaults: {}, env: {} });
  const started = performance.now();
  await assert.rejects(sink.open(openContext), (error: unknown) => {
    assert.ok(error instanceof ClickgenError);
    assert.equal(error.code, 'KAFKA_UNREACHABLE');
    assert.equal(error.exitCode, 1);
    assert.ok(error.message.includes(`127.0.0.1:${port}`), error.message);
    assert.ok(error.message.includes('connect_timeout=1500'), error.message);
    return true;
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 1_400 && elapsed < 10_000, `gave up after ${Math.round(elapsed)} ms`);
});

test('abort while connecting to an unreachable broker stops the retrying', async () => {
  const port = await unusedPort();
  const sink = createKafkaSink(`kafka://127.0.0.1:${port}/t?connect_timeout=60000`, { defaults: {}, env: {} });
  const started = performance.now();
  const opening = sink.open(openContext);
  setTimeout(() => void sink.abort(), 300);
  await assert.rejects(opening, (error: unknown) => error instanceof RunError && /stopped while connecting/.test(error.message));
  assert.ok(performance.now() - started < 5_000, 'gave up soon after abort');
});

test('compression=zstd: written as zstd where Node.js has zstd in zlib, else a usage error at open', needsBroker, async () => {
  const topic = uniqueTopic('codec-zstd');
  const sink = sinkFor(topic, 'compression=zstd');
  if (!('zstdCompressSync' in zlib)) {
    await assert.rejects(sink.open(openContext), (error: unknown) => error instanceof ClickgenError && error.exitCode === 2 && /zstd needs Node.js 22.15/.test(error.message));
    return;
  }
  await sink.open(openContext);
  await produce(sink, 1_000, 1_000, (seq) => Date.UTC(2024, 0, 1) + seq);
  await sink.close();
  assert.deepEqual(logCodecs(topic), new Set(['zstd']));
});
