/**
 * The Parquet thread: encodes the row groups of every Parquet file of a run with
 * parquet-wasm, while the main thread simulates and builds the next groups' columns.
 * Messages: see parquet-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { parquetFromIpc, type ParquetFromIpc } from '../../encode/columnar/parquet-file.js';
import type { ParquetReply, ParquetRequest } from '../columnar/parquet-thread.js';

const port = parentPort!;
const files = new Map<number, Promise<ParquetFromIpc>>();

function reply(message: ParquetReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function pump(file: number, writer: ParquetFromIpc): Promise<void> {
  for await (const chunk of writer.chunks) {
    // Chunks may be views of wasm memory or of a larger buffer: send a copy of exactly the bytes.
    const bytes = chunk.slice();
    reply({ kind: 'chunk', file, bytes }, [bytes.buffer]);
  }
  reply({ kind: 'done', file });
}

port.on('message', (message: ParquetRequest) => {
  const { file } = message;
  if (message.kind === 'open') {
    const opened = parquetFromIpc(message.options);
    files.set(file, opened);
    opened.then((writer) => pump(file, writer)).catch((error: unknown) => reply({ kind: 'error', file, message: error instanceof Error ? error.message : String(error) }));
    return;
  }
  const opened = files.get(file);
  if (opened === undefined) return;
  const failed = (error: unknown): void => {
    files.delete(file);
    reply({ kind: 'error', file, message: error instanceof Error ? error.message : String(error) });
  };
  if (message.kind === 'group') {
    const { ipc } = message;
    opened
      .then((writer) => {
        writer.write(ipc);
        // The writer has read the group into WebAssembly memory: the buffer goes back for a later group.
        reply({ kind: 'spare', file, bytes: ipc }, [ipc.buffer as ArrayBuffer]);
      })
      .catch(failed);
  }
  else {
    files.delete(file);
    opened.then((writer) => writer.end()).catch(failed);
  }
});
