import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { murmur2, partitionForKey } from '../../src/sinks/kafka-partitioner.js';
import { TextKey } from '../../src/sinks/kafka-text-key.js';

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

test('a text key is placed from its UTF-8 written into the reused buffer, as the Java client places those bytes', () => {
  const textKey = new TextKey();
  for (const { key, partitions } of fixture.keys) {
    const length = textKey.load(key);
    fixture.partitionCounts.forEach((count, i) => assert.equal(partitionForKey(textKey.bytes, count, length), partitions[i], `key ${JSON.stringify(key)} over ${count}`));
  }
});

test('TextKey writes the UTF-8 of any text, lone surrogates and long texts included, over what it held before', () => {
  const textKey = new TextKey();
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 5 }), (texts) => {
      for (const text of texts) {
        const expected = Buffer.from(text, 'utf8');
        const length = textKey.load(text);
        assert.equal(length, expected.length);
        assert.deepEqual(textKey.bytes.subarray(0, length), expected);
        assert.equal(murmur2(textKey.bytes, length), murmur2(expected));
      }
    }),
    { numRuns: 500 },
  );
});
