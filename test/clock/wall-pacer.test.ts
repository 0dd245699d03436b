import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WallPacer } from '../../src/clock/wall-pacer.js';
import type { RecordBatch, Sink } from '../../src/sinks/types.js';

function recorder(): Sink & { writes: number[] } {
  const writes: number[] = [];
  return {
    writes,
    description: 'memory',
    open: () => Promise.resolve(),
    write: () => {
      writes.push(Date.now());
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    abort: () => Promise.resolve(),
    stats: () => ({ delivered: writes.length, failed: 0, bytes: 0, retries: 0 }),
  };
}

const batch = (time: number): RecordBatch => ({ bytes: new Uint8Array(1), ends: Uint32Array.of(1), count: 1, times: Float64Array.of(time), keys: undefined, objects: undefined });

test('a batch waits until the wall clock reaches its last record\'s time; a past one goes at once', async () => {
  const inner = recorder();
  const pacer = new WallPacer(inner, { now: () => Date.now() });
  const began = Date.now();
  await pacer.write(batch(began - 1000));
  assert.ok(inner.writes[0] - began < 50);
  await pacer.write(batch(began + 300));
  assert.ok(inner.writes[1] - began >= 295, String(inner.writes[1] - began));
});

test('an abort stops the wait at once', async () => {
  const inner = recorder();
  const controller = new AbortController();
  const pacer = new WallPacer(inner, { now: () => Date.now() }, controller.signal);
  const began = Date.now();
  setTimeout(() => controller.abort(), 50);
  await pacer.write(batch(began + 60_000));
  assert.ok(Date.now() - began < 1000);
  assert.equal(inner.writes.length, 1);
});
