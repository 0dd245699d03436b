/**
 * Row groups serialised as Arrow IPC into buffers given back by their reader: the stream
 * reads back as the batch it was made from, and a buffer given back is written again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadArrow } from '../../../src/encode/columnar/arrow.js';
import { IpcBuffers } from '../../../src/encode/columnar/ipc-buffers.js';

async function batchOf(rows: number): Promise<import('apache-arrow').RecordBatch> {
  const { tableFromArrays } = await loadArrow();
  const table = tableFromArrays({
    id: Int32Array.from({ length: rows }, (_, i) => i),
    name: Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? null : `user-${i}-é`)),
  });
  return table.batches[0];
}

test('a stream reads back as its batch, schema and end marker included, as tableToIPC writes it', async () => {
  const { tableFromIPC, tableToIPC, Table } = await loadArrow();
  const batch = await batchOf(1000);
  const bytes = new IpcBuffers().stream(batch);
  assert.deepEqual(bytes, tableToIPC(new Table([batch]), 'stream'), 'the same bytes as apache-arrow joins itself');
  const back = tableFromIPC(bytes);
  assert.equal(back.numRows, 1000);
  assert.deepEqual(back.getChild('name')?.toArray(), new Table([batch]).getChild('name')?.toArray());
  assert.deepEqual([...(back.getChild('id')?.toArray() as Int32Array)], [...(batch.getChild('id')?.toArray() as Int32Array)]);
});

test('a buffer given back is written into again when the next stream fits it, and a new one is made when not', async () => {
  const buffers = new IpcBuffers();
  const first = buffers.stream(await batchOf(1000));
  const memory = first.buffer;
  buffers.giveBack(memory as ArrayBuffer);
  const second = buffers.stream(await batchOf(900));
  assert.equal(second.buffer, memory, 'the spare buffer is reused');
  buffers.giveBack(second.buffer as ArrayBuffer);
  const larger = buffers.stream(await batchOf(5000));
  assert.notEqual(larger.buffer, memory, 'a stream larger than the spare gets a buffer of its own');
  const { tableFromIPC } = await loadArrow();
  assert.equal(tableFromIPC(second).numRows, 900);
  assert.equal(tableFromIPC(larger).numRows, 5000);
});
