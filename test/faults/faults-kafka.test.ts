/**
 * End to end, to Kafka: the faulted run goes to a fresh one-partition topic, read back with
 * kcat; an independent reader's findings equal the answer key, and a listed record's
 * position is its offset in the partition. On a keyed topic of several partitions, the key
 * gives each bad record's and each duplicate copy's partition and offset, where the reader
 * finds them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, START, tempDir } from '../helpers/cli.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';
import { keyTopicPlaces, keyView, readFaulted, readTopicPlaces } from './independent-reader.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

const BASE = ['generate', '-s', 'gift-shop', '--seed', '5', '-n', '10000', '--start', START, '--late', '5%:10s-120s', '-q'];

test('kafka: duplicates, drops, bad records, windows and watermarks read back from the topic equal the answer key', { skip: setup.skip }, async (t) => {
  const dir = tempDir(t);
  const topic = `faults-${process.pid}-${Date.now()}`;
  const cleanRun = await clickgen([...BASE, '-o', join(dir, 'clean.ndjson')]);
  assert.equal(cleanRun.code, 0, cleanRun.stderr);
  const faultedRun = await clickgen([...BASE, '--duplicates', '2%', '--drop', '1%', '--bad-records', '1%', '--watermark', '1m', '-o', `kafka://${setup.broker!.bootstrap}/${topic}?partitions=1`, '--summary', join(dir, 'key.json')]);
  assert.equal(faultedRun.code, 0, faultedRun.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const consumed = await readTopic(setup.broker!.bootstrap, topic);
  assert.equal(consumed.length, key.events);
  consumed.forEach((record, i) => assert.ok(record.partition === 0 && record.offset === i, `record ${i} at ${record.partition}/${record.offset}`));
  const clean = readFileSync(join(dir, 'clean.ndjson'));
  const cleanRecords: Buffer[] = [];
  for (let at = 0, end = clean.indexOf(10); end >= 0; at = end + 1, end = clean.indexOf(10, at)) cleanRecords.push(clean.subarray(at, end + 1));
  // A Kafka record is the line without its newline.
  const faulted = consumed.map((record) => Buffer.concat([record.valueBytes, Buffer.from('\n')]));
  const found = readFaulted(cleanRecords, faulted, { timeField: '__time', typeField: 'event_type', sessionField: 'session_id', windowMs: 60_000, watermarksMs: [60_000] });
  const expected = keyView(key);
  assert.ok(found.bad.length > 50 && found.duplicates.length > 100 && found.missing.length > 100);
  assert.deepEqual(found.bad, expected.bad);
  assert.deepEqual(found.duplicates, expected.duplicates);
  assert.deepEqual(found.missing, expected.missing);
  assert.deepEqual(found.eventTime, expected.eventTime);
  assert.deepEqual(found.watermarks, expected.watermarks);
});

test('kafka: on a keyed topic of four partitions, each bad record and duplicate copy is at the partition and offset the key gives', { skip: setup.skip }, async (t) => {
  const dir = tempDir(t);
  const topic = `faults-keyed-${process.pid}-${Date.now()}`;
  const cleanRun = await clickgen([...BASE, '-o', join(dir, 'clean.ndjson')]);
  assert.equal(cleanRun.code, 0, cleanRun.stderr);
  const target = `kafka://${setup.broker!.bootstrap}/${topic}?partitions=4&key=user_id`;
  const faultedRun = await clickgen([...BASE, '--duplicates', '2%', '--bad-records', '1%', '-o', target, '--summary', join(dir, 'key.json')]);
  assert.equal(faultedRun.code, 0, faultedRun.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const consumed = await readTopic(setup.broker!.bootstrap, topic);
  assert.equal(consumed.length, key.events);
  const found = readTopicPlaces(consumed, new Set(readFileSync(join(dir, 'clean.ndjson'), 'latin1').split('\n')));
  const expected = keyTopicPlaces(key);
  assert.ok(expected.bad.length > 50, `${expected.bad.length} bad records`);
  assert.ok(new Set(key.faults!.bad_records.map((bad) => bad.partition)).size === 4, 'bad records in every partition');
  assert.ok(expected.duplicates.length > 100, `${expected.duplicates.length} duplicates`);
  assert.deepEqual(found, expected);
  // Both copies of a keyed record land in its key's partition.
  for (const d of key.faults!.duplicates) assert.equal(new Set(d.partitions).size, 1, d.id);
});
