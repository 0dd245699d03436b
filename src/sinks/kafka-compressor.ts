/**
 * Compresses the Kafka sink's record batches on a thread of its own. Compressing is the sink's
 * largest cost on the thread that makes the records (lz4 took 14 % of that thread's time in a
 * run of cart to the broker), and it needs nothing but the bytes: the thread takes a request's
 * gathered records while this one makes the next request's (docs/decisions.md, "Record batches
 * compressed on a thread of their own").
 * Requests are answered in the order they were asked.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start-worker.js';
import type { Compression } from './kafka-target.js';

export type CompressingCodec = Exclude<Compression, 'none'>;

/** The gathered records of one request's batches (RecordBatchBuilder.take's `framed`), moved to the thread. */
export interface CompressRequest {
  readonly codec: CompressingCodec;
  readonly framed: readonly Uint8Array[];
}

/** The same batches compressed, each after room for its header; or why compressing failed. */
export type CompressReply = { readonly framed: readonly Uint8Array[] } | { readonly error: string };

interface Waiting {
  readonly resolve: (framed: Buffer[]) => void;
  readonly reject: (error: Error) => void;
}

export class BatchCompressor {
  private readonly worker: Worker;
  private readonly waiting: Waiting[] = [];
  private broken: Error | undefined;

  constructor(private readonly codec: CompressingCodec) {
    this.worker = startWorker(new URL('./kafka-compress-worker', import.meta.url).href);
    this.worker.on('message', (reply: CompressReply) => {
      const waiting = this.waiting.shift()!;
      if (this.waiting.length === 0) this.worker.unref();
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.framed.map((batch) => Buffer.from(batch.buffer, batch.byteOffset, batch.length)));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the compression thread stopped (exit code ${code})`)));
    // Idle, it keeps nobody waiting: the process may end with the sink unclosed.
    this.worker.unref();
  }

  /**
   * Each gathered buffer compressed, with room for its header in front. The buffers' memory
   * moves to the compressing thread: they must be buffers of their own, as `take` gives.
   */
  compress(framed: readonly Buffer[]): Promise<Buffer[]> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise<Buffer[]>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.ref();
      const request: CompressRequest = { codec: this.codec, framed };
      this.worker.postMessage(request, framed.map((buffer) => buffer.buffer as ArrayBuffer));
    });
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the compression thread was closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.broken);
  }
}
