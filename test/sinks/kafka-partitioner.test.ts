import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { murmur2, partitionForKey } from '../../src/sinks/kafka-partitioner.js';

/** Produced by the Java client itself: scripts/kafka/JavaPartitions.java. */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/kafka-partitions.json', import.meta.url), 'utf8')) as {
  partitionCounts: number[];
  keys: { key: string; murmur2: number; partitions: number[] }[];
};

test('murmur2 equals the Java client hash for ASCII, multi-byte and every tail length', () => {
  assert.ok(fixture.keys.length > 200);
  for (const { key, murmur2: expected } of fixture.keys) {
    assert.equal(murmur2(Buffer.from(key, 'utf8')), expected, `key ${JSON.stringify(key)}`);
  }
});

test('partitionForKey equals BuiltInPartitioner.partitionForKey for 1, 3, 7, 12 and 100 partitions', () => {
  for (const { key, partitions } of fixture.keys) {
    fixture.partitionCounts.forEach((count, i) => {
      assert.equal(partitionForKey(Buffer.from(key, 'utf8'), count), partitions[i], `key ${JSON.stringify(key)} over ${count}`);
    });
  }
});
