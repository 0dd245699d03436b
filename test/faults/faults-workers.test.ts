/**
 * Faults with `--workers`: every worker decides the faults of its own users (an event's fate
 * is a hash of its session and index) and breaks its bad records; the thread that writes
 * merges them and keeps the answer key. The output and the key are the same, byte for byte,
 * as one thread's: in NDJSON and CSV, in batch and at real-time pacing, and keyed into Kafka.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { after } from 'node:test';
import { REPO, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { keyTopicPlaces, readTopicPlaces } from './independent-reader.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const kafka = await ensureKafkaBroker();
after(() => kafka.broker?.release());

const FAULTS = ['--late', '5%:10s-120s', '--duplicates', '2%', '--drop', '1%', '--bad-records', '1%', '--watermark', '30s,2m'];

async function ok(args: readonly string[]): Promise<void> {
  const result = await runInProcess([...args, '-q']);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
}

/** The run's output and answer key with each worker count. */
async function runs(dir: string, args: readonly string[], workers: readonly number[], extension: string): Promise<{ bytes: Buffer; key: RunSummary }[]> {
  const out: { bytes: Buffer; key: RunSummary }[] = [];
  for (const w of workers) {
    const file = join(dir, `w${w}.${extension}`);
    const keyFile = join(dir, `w${w}.json`);
    await ok([...args, '--workers', String(w), '-o', file, '--summary', keyFile]);
    out.push({ bytes: readFileSync(file), key: JSON.parse(readFileSync(keyFile, 'utf8')) as RunSummary });
  }
  return out;
}

function assertFaultsHappened(key: RunSummary): void {
  const faults = key.faults!;
  assert.ok(faults.dropped > 10 && faults.duplicated > 10 && faults.bad > 10, `faults of every kind: ${faults.dropped} dropped, ${faults.duplicated} duplicated, ${faults.bad} bad`);
}

// Spans of a few thousand events each.
for (const [scenario, duration] of [['cart', '20m'], ['gift-shop', '20m'], ['shop', '4h']]) {
  test(`${scenario}: with 2 and 3 workers, the faulted NDJSON and its answer key are one thread's, byte for byte`, async (t) => {
    const dir = tempDir(t);
    const args = ['generate', '-s', scenario, '--seed', '11', '--start', '2024-03-01T12:00:00Z', '--duration', duration, ...FAULTS];
    const [one, ...more] = await runs(dir, args, [1, 2, 3], 'ndjson');
    assertFaultsHappened(one.key);
    assert.ok(one.key.watermarks!.some((w) => w.dropped > 0), 'late events a watermark drops');
    for (const other of more) {
      assert.ok(other.bytes.equals(one.bytes), 'the same bytes');
      assert.deepEqual(other.key, one.key);
    }
  });
}

test('a timeline and an experiment with faults, in 2 and 3 workers: the bytes and the whole key, its windows and arms included, are one thread’s', async (t) => {
  const dir = tempDir(t);
  const args = ['generate', '-s', join(REPO, 'examples', 'shop-sale.yaml'), '--seed', '6', '--start', '2024-03-01T00:00:00Z', '--duration', '6h', ...FAULTS];
  const [one, ...more] = await runs(dir, args, [1, 2, 3], 'ndjson');
  assertFaultsHappened(one.key);
  assert.ok(one.key.timeline!.some((window) => window.events > 500), 'records in the campaign');
  assert.ok(one.key.experiments!.one_click.arms.treatment.sessions > 500, 'sessions in the arm');
  for (const other of more) {
    assert.ok(other.bytes.equals(one.bytes), 'the same bytes');
    assert.deepEqual(other.key, one.key);
  }
});

test('csv with every kind of bad record: 2 workers write what one thread writes, with the same positions in the key', async (t) => {
  const dir = tempDir(t);
  const args = ['generate', '-s', 'gift-shop', '--seed', '4', '--start', '2024-01-01T00:00:00Z', '--duration', '15m', '--format', 'csv', '--bad-records', '3%', '--duplicates', '1%'];
  const [one, two] = await runs(dir, args, [1, 2], 'csv');
  assert.ok(new Set(one.key.faults!.bad_records.map((bad) => bad.kind)).size === 6, 'every kind of bad record in CSV');
  assert.ok(two.bytes.equals(one.bytes));
  assert.deepEqual(two.key, one.key);
});

test('real time: 2 workers pace the faulted run and write one thread’s bytes and key', async (t) => {
  const dir = tempDir(t);
  const args = ['generate', '-s', 'cart', '--seed', '3', '--start', '2024-01-01T00:00:00Z', '--duration', '3s', '--realtime', '--set', 'arrivals.rate=300', '--duplicates', '2%:100ms-1s', '--drop', '1%', '--bad-records', '1%'];
  const [one, two] = await runs(dir, args, [1, 2], 'ndjson');
  assert.ok(one.key.events > 2_000, `${one.key.events} events in 3 s`);
  assertFaultsHappened(one.key);
  assert.ok(two.bytes.equals(one.bytes));
  // The sessions and users counted differ by a session that starts before the end and whose
  // first event is received after it: the one thread has made it, no worker writes it.
  const withoutCounts = (key: RunSummary): Partial<RunSummary> => ({ ...key, sessions: undefined, distinct_users: undefined });
  assert.deepEqual(withoutCounts(two.key), withoutCounts(one.key));
});

test('--workers 2 into a Kafka topic of four partitions keyed by user, with faults: the topic holds the file run’s records, bad ones and copies included, the file run’s answer key, and each bad record and copy where the key says', { skip: kafka.skip }, async (t) => {
  const { bootstrap } = kafka.broker!;
  const dir = tempDir(t);
  const args = ['generate', '-s', 'cart', '--seed', '8', '--start', '2024-05-01T00:00:00Z', '--duration', '20m'];
  const topic = `clickgen-faults-workers-${process.pid}-${Date.now()}`;
  await ok([...args, '--late', '5%:10s-120s', '-o', join(dir, 'clean.ndjson')]);
  await ok([...args, ...FAULTS, '-o', join(dir, 'one.ndjson'), '--summary', join(dir, 'one.json')]);
  await ok([...args, ...FAULTS, '--workers', '2', '-o', `kafka://${bootstrap}/${topic}?partitions=4&key=user_id`, '--summary', join(dir, 'two.json')]);
  const single = readFileSync(join(dir, 'one.ndjson'), 'latin1').split('\n').slice(0, -1);
  const key = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as RunSummary;
  const two = JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')) as RunSummary;
  assertFaultsHappened(key);
  // The key of the run to files, and where in the topic each listed record is.
  const withoutPlaces = (faults: RunSummary['faults']): unknown => ({
    ...faults,
    duplicates: faults!.duplicates.map(({ partitions: _p, offsets: _o, ...rest }) => rest),
    bad_records: faults!.bad_records.map(({ partition: _p, offset: _o, ...rest }) => rest),
  });
  assert.deepEqual(withoutPlaces(two.faults), key.faults);
  assert.deepEqual(two.windows, key.windows);
  const records = await readTopic(bootstrap, topic);
  assert.deepEqual(records.map((r) => r.valueBytes.toString('latin1')).sort(), [...single].sort(), 'the file run’s records, each as often');
  const places = keyTopicPlaces(two);
  assert.ok(new Set(two.faults!.bad_records.map((bad) => bad.partition)).size === 4 && places.duplicates.length > 100, 'bad records in every partition, and intact copies');
  assert.deepEqual(readTopicPlaces(records, new Set(readFileSync(join(dir, 'clean.ndjson'), 'latin1').split('\n'))), places);
  // Each user's records keep the file run's order inside their partition.
  const order = new Map<string, string[]>();
  for (const line of single) {
    const user = /"user_id":"([^"]*)"/.exec(line)?.[1];
    if (user !== undefined) order.set(user, [...(order.get(user) ?? []), line]);
  }
  const seen = new Map<string, string[]>();
  for (const record of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    if (record.key !== null) seen.set(record.key, [...(seen.get(record.key) ?? []), record.valueBytes.toString('latin1')]);
  }
  for (const [user, lines] of seen) if (order.has(user)) assert.deepEqual(lines, order.get(user), `user ${user}`);
});

test('schema drift with 2 and 3 workers: each record in the shape of its event time, the drift key and the bytes one thread’s', async (t) => {
  const dir = tempDir(t);
  const drift = 'faults.drift=[{at: "+3m", change: rename, field: product_id, to: item_id}, {at: "+6m", change: add, field: schema_version, value: 2}, {at: "+6m", change: type, field: price, to: string}]';
  // cart delivers late: records of older shapes still come after the first drifted one.
  const args = ['generate', '-s', 'cart', '--seed', '3', '--start', '2024-01-01T00:00:00Z', '--duration', '10m', '--set', drift, '--duplicates', '1%'];
  const [one, ...more] = await runs(dir, args, [1, 2, 3], 'ndjson');
  const drifts = one.key.drift!;
  assert.equal(drifts.length, 2);
  assert.ok(drifts.every((d) => d.first_position !== null && d.records > 500 && d.older_after_first > 0), JSON.stringify(drifts));
  for (const other of more) {
    assert.ok(other.bytes.equals(one.bytes), 'the same bytes');
    assert.deepEqual(other.key, one.key);
  }
});
