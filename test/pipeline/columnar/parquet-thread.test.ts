import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import type { ParquetReply, ParquetRequest } from '../../../src/pipeline/columnar/parquet-thread.js';
import { startPipelineWorker } from '../../../src/pipeline/worker/start-worker.js';

/** Replies of the Parquet thread for `file` until its end or its failure. */
async function repliesFor(worker: ReturnType<typeof startPipelineWorker>, file: number): Promise<ParquetReply[]> {
  const replies: ParquetReply[] = [];
  for (;;) {
    const [reply] = (await once(worker, 'message')) as [ParquetReply];
    if (reply.file !== file) continue;
    replies.push(reply);
    if (reply.kind !== 'chunk') return replies;
  }
}

test('the Parquet thread fails a file whose row group it cannot read with the writer\'s message, and goes on with the next file', async (t) => {
  const worker = startPipelineWorker('parquet-worker');
  t.after(() => worker.terminate());
  const post = (message: ParquetRequest): void => worker.postMessage(message);
  const options = { rowGroupRows: 10, compression: 'zstd', plainColumns: [], textColumns: [] } as const;

  post({ kind: 'open', file: 1, options });
  post({ kind: 'group', file: 1, ipc: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) });
  const failed = await repliesFor(worker, 1);
  const last = failed.at(-1)!;
  assert.equal(last.kind, 'error');
  assert.ok(last.kind === 'error' && last.message.length > 0, 'the writer says what went wrong');

  // The thread is still there for the next file: even one with no row group gets an answer (parquet-wasm refuses it, as it needs a group for the schema), not a hang.
  post({ kind: 'open', file: 2, options });
  post({ kind: 'end', file: 2 });
  const ended = await repliesFor(worker, 2);
  assert.ok(['done', 'error'].includes(ended.at(-1)!.kind));
});
