import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RunError } from '../../src/errors.js';
import { flatFields, RECORDS_PER_JOB, RedisJobBuilder } from '../../src/sinks/redis-jobs.js';
import { parseRedisTarget } from '../../src/sinks/redis-target.js';
import type { RecordBatch } from '../../src/sinks/types.js';

const builder = (query = ''): RedisJobBuilder => new RedisJobBuilder(parseRedisTarget(`redis://h${query}`, { defaults: {}, env: {} }));

function batchOf(records: readonly string[], keys: readonly (string | null)[] | undefined, objects?: Record<string, unknown>[]): RecordBatch {
  const encoded = records.map((record) => Buffer.from(record));
  const bytes = new Uint8Array(Buffer.concat(encoded));
  const ends = new Uint32Array(records.length);
  encoded.reduce((offset, record, i) => (ends[i] = offset + record.length), 0);
  return { bytes, ends, count: records.length, times: new Float64Array(records.length), keys, objects };
}

void test('property: jobs cover every record once, in order, at most 1000 each, without line ends', () => {
  const record = fc.tuple(fc.string({ maxLength: 30 }).map((text) => text.replace(/\n/g, ' ')), fc.boolean());
  fc.assert(
    fc.property(fc.array(record, { maxLength: 2600, size: 'max' }), (parts) => {
      const records = parts.map(([text, newline]) => (newline ? `${text}\n` : text));
      const keys = records.map((_, i) => `k${i % 3}`);
      const jobs = [...builder().jobs(batchOf(records, keys))];
      assert.equal(jobs.length, Math.ceil(records.length / RECORDS_PER_JOB));
      assert.deepEqual(jobs.map((job) => job.seq), jobs.map((_, i) => i));
      assert.ok(jobs.every((job) => job.records <= RECORDS_PER_JOB && job.keys.length === job.records && job.values.length === job.records));
      const values = jobs.flatMap((job) => job.values.map(String));
      assert.deepEqual(values, parts.map(([text]) => text));
      assert.deepEqual(jobs.flatMap((job) => job.keys), keys);
      assert.deepEqual(jobs.flatMap((job) => [...job.sizes]), parts.map(([text]) => Buffer.byteLength(text)));
      assert.equal(jobs.reduce((sum, job) => sum + job.bytes, 0), parts.reduce((sum, [text]) => sum + Buffer.byteLength(text), 0));
    }),
    { numRuns: 60 },
  );
});

void test('job numbers keep counting across batches', () => {
  const jobs = builder();
  const batch = batchOf(Array.from({ length: 1500 }, () => '{}\n'), Array.from({ length: 1500 }, () => 'k'));
  assert.deepEqual([...jobs.jobs(batch), ...jobs.jobs(batch)].map((job) => job.seq), [0, 1, 2, 3]);
});

void test('records are copied out of the batch', () => {
  const batch = batchOf(['{"a":1}\n', '{"b":2}\n'], ['k', 'k']);
  const [job] = builder().jobs(batch);
  batch.bytes.fill(0);
  assert.deepEqual(job.values.map(String), ['{"a":1}', '{"b":2}']);
});

void test('flat entries: strings as they are, other values as JSON, absent fields left out', () => {
  assert.deepEqual(flatFields({ event_type: 'search', results_count: 25, user_id: null, refundable: false, geo: { country: 'CA' }, tags: ['a'], gone: undefined }), [
    'event_type', 'search', 'results_count', '25', 'user_id', 'null', 'refundable', 'false', 'geo', '{"country":"CA"}', 'tags', '["a"]',
  ]);
  const jobs = builder('?fields=flat');
  assert.equal(jobs.wantsObjects, true);
  const [job] = jobs.jobs(batchOf(['{"x":"1"}\n', '{"y":2,"z":"w"}\n'], ['k', 'k'], [{ x: '1' }, { y: 2, z: 'w' }]));
  assert.deepEqual(job.values, ['2', 'x', '1', '4', 'y', '2', 'z', 'w']);
  assert.equal(job.bytes, '{"x":"1"}'.length + '{"y":2,"z":"w"}'.length);
});

void test('a record without a key, or flat fields without objects, is a RunError', () => {
  assert.throws(() => [...builder().jobs(batchOf(['{}\n', '{}\n'], ['k', null]))], (error: unknown) => error instanceof RunError && /record 1 of a batch has no key: the key template/.test(error.message));
  assert.throws(() => [...builder().jobs(batchOf(['{}\n'], undefined))], RunError);
  assert.throws(() => [...builder('?fields=flat').jobs(batchOf(['{}\n'], ['k']))], /fields=flat needs each record as an object/);
});
