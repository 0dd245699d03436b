import type { Worker } from 'node:worker_threads';
import { IpcBuffers } from '../../encode/columnar/ipc-buffers.js';
import { chunkQueue, type ColumnarStream } from '../../encode/columnar/columnar-stream.js';
import type { ParquetFileOptions } from '../../encode/columnar/parquet-file.js';
import type { RecordBatch } from 'apache-arrow';
import { RunError } from '../../errors.js';
import { startPipelineWorker } from '../worker/start-worker.js';

/** To the Parquet thread: open a file, encode one of its row groups (an Arrow IPC stream of one batch), end it. */
export type ParquetRequest =
  | { readonly kind: 'open'; readonly file: number; readonly options: ParquetFileOptions }
  | { readonly kind: 'group'; readonly file: number; readonly ipc: Uint8Array }
  | { readonly kind: 'end'; readonly file: number };

/** From it: a file's next bytes, its end, or why it failed. */
export type ParquetReply =
  | { readonly kind: 'chunk'; readonly file: number; readonly bytes: Uint8Array }
  | { readonly kind: 'done'; readonly file: number }
  /** A group's IPC buffer, read: the main thread writes a later group into it. */
  | { readonly kind: 'spare'; readonly file: number; readonly bytes: Uint8Array }
  | { readonly kind: 'error'; readonly file: number; readonly message: string };

type Queue = ReturnType<typeof chunkQueue>;

/** A file being written: where its bytes go, and its groups sent that the thread has not read yet. */
interface FileState {
  readonly queue: Queue;
  untaken: number;
}

interface ParquetThread {
  readonly worker: Worker;
  readonly files: Map<number, FileState>;
  readonly buffers: IpcBuffers;
  /** The file is no longer written: when no other is, the thread no longer holds the process open. */
  readonly finish: (file: number) => void;
}

let thread: ParquetThread | undefined;
let nextFile = 0;

/**
 * A Parquet file encoded in a thread of its own. parquet-wasm's encoding (dictionaries,
 * compression, in WebAssembly) costs about as much as simulating the events; in one thread
 * the two add up, in two they overlap. This thread builds the Arrow columns of each piece of
 * a row group and hands it over as Arrow IPC (moved, not copied, and moved back once read);
 * the Parquet thread, shared by all files of the run, sends each file's bytes back in order.
 * The thread holds the process open only while a file is being written.
 */
export function parquetInThread(options: ParquetFileOptions): ColumnarStream {
  const t = (thread ??= startThread());
  const file = nextFile++;
  const queue = chunkQueue(() => {
    // Nobody reads the file's bytes any more (`| head` went away, or its output failed): the
    // thread ends it, its replies are dropped, and the run does not wait for it to exit.
    if (!t.files.has(file)) return;
    t.worker.postMessage({ kind: 'end', file } satisfies ParquetRequest);
    t.finish(file);
  });
  const state: FileState = { queue, untaken: 0 };
  t.files.set(file, state);
  if (t.files.size === 1) t.worker.ref();
  t.worker.postMessage({ kind: 'open', file, options: { rowGroupRows: options.rowGroupRows, compression: options.compression, plainColumns: options.plainColumns, textColumns: options.textColumns } } satisfies ParquetRequest);
  return {
    write(batch: RecordBatch): void {
      // A file that failed or lost its reader takes no more groups.
      if (!t.files.has(file)) return;
      const ipc = t.buffers.stream(batch);
      state.untaken++;
      t.worker.postMessage({ kind: 'group', file, ipc } satisfies ParquetRequest, [ipc.buffer as ArrayBuffer]);
    },
    end(): void {
      if (t.files.has(file)) t.worker.postMessage({ kind: 'end', file } satisfies ParquetRequest);
    },
    chunks: queue.chunks,
    // A file no longer written (failed, or its reader gone) holds nothing back.
    untaken: () => (t.files.has(file) ? state.untaken : 0),
    made: queue.made,
    cancel(): void {
      // The thread ends the file and its replies are dropped; a file that failed or ended is gone already.
      if (!t.files.has(file)) return;
      t.worker.postMessage({ kind: 'end', file } satisfies ParquetRequest);
      t.finish(file);
      queue.close();
    },
  };
}

function startThread(): ParquetThread {
  const worker = startPipelineWorker('parquet-worker');
  const files = new Map<number, FileState>();
  const buffers = new IpcBuffers();
  const finish = (file: number): void => {
    files.delete(file);
    if (files.size === 0) worker.unref();
  };
  worker.on('message', (reply: ParquetReply) => {
    if (reply.kind === 'spare') {
      buffers.giveBack(reply.bytes.buffer as ArrayBuffer);
      const state = files.get(reply.file);
      if (state !== undefined) state.untaken--;
      return;
    }
    const queue = files.get(reply.file)?.queue;
    if (queue === undefined) return;
    if (reply.kind === 'chunk') queue.push(reply.bytes);
    else if (reply.kind === 'done') {
      queue.close();
      finish(reply.file);
    } else {
      queue.fail(new RunError('SINK_FAILED', `Parquet writer: ${reply.message}`));
      finish(reply.file);
    }
  });
  // The thread itself failed (out of memory, a crash in WebAssembly): every open file fails, and the next file starts a new thread.
  worker.on('error', (error) => {
    for (const [file, { queue }] of files) {
      queue.fail(new RunError('SINK_FAILED', `Parquet writer: ${error.message}`));
      finish(file);
    }
    thread = undefined;
  });
  worker.unref();
  return { worker, files, buffers, finish };
}
