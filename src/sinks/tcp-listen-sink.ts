import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { UsageError } from '../errors.js';
import { drained } from './drained.js';
import { OutputClosed } from './output-closed.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

/**
 * `-o tcp://HOST:PORT`: listens, and writes every record to every connected reader
 * (what Spark's socket source and `nc HOST PORT` expect). The run starts when the first
 * reader connects and waits whenever none is connected, so no record is dropped; the
 * slowest reader sets the pace. A reader that joins later gets the records from then
 * on, each record whole. When the last reader leaves mid-run, `notice` says that the run
 * waits for another.
 */
export class TcpListenSink implements Sink {
  private readonly server: Server;
  private readonly readers = new Set<Socket>();
  private readonly waiting: (() => void)[] = [];
  private header: Uint8Array | null = null;
  /** Set once the sink is closed or aborted: readers leaving then are the run's own doing. */
  private ending = false;
  /** When the first reader connected (performance.now()), or null before: a run's time counts from there. */
  firstReaderAt: number | null = null;
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };

  private constructor(
    private readonly host: string,
    private readonly signal: AbortSignal | undefined,
    private readonly notice: ((line: string) => void) | undefined,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    signal?.addEventListener('abort', () => this.wake(), { once: true });
  }

  /** Listens on `tcp://HOST:PORT` (port 0 picks a free one). */
  static async listen(target: string, signal?: AbortSignal, notice?: (line: string) => void): Promise<TcpListenSink> {
    const match = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(target);
    const port = match === null ? NaN : Number(match[2]);
    if (match === null || port > 65_535) throw new UsageError('BAD_OUTPUT', `-o ${target}: write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9999`);
    const host = match[1].replace(/^\[|\]$/g, '');
    const sink = new TcpListenSink(host, signal, notice);
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError('BAD_OUTPUT', `-o ${target}: cannot listen (${error.code ?? error.message})`)));
      sink.server.listen(port, host, resolve);
    });
    sink.port = (sink.server.address() as AddressInfo).port;
    return sink;
  }

  /** The port listened on (the one picked, for port 0). */
  port = 0;

  get description(): string {
    return `tcp://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Waits for the first reader, so that a live run starts when someone listens. */
  open(context: SinkOpenContext): Promise<void> {
    this.header = context.header;
    return this.reader();
  }

  async write(batch: RecordBatch): Promise<void> {
    await this.reader();
    if (this.readers.size === 0) {
      // Stopped with no reader: the run ends here, and nothing else would close the listener.
      this.server.close();
      throw new OutputClosed(this.description);
    }
    const size = batch.count === 0 ? 0 : batch.ends[batch.count - 1];
    const bytes = batch.bytes.subarray(0, size);
    const slow: Promise<void>[] = [];
    for (const socket of this.readers) if (!socket.write(bytes)) slow.push(drained(socket));
    await Promise.all(slow);
    this.counts.delivered += batch.count;
    this.counts.bytes += size;
  }

  async close(): Promise<void> {
    this.ending = true;
    await Promise.all([...this.readers].map((socket) => new Promise<void>((resolve) => socket.end(resolve))));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  abort(): Promise<void> {
    this.ending = true;
    for (const socket of this.readers) socket.destroy();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  stats(): SinkStats {
    return { ...this.counts };
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    // A reader that resets the connection just leaves.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.readers.delete(socket);
      if (this.readers.size === 0 && !this.ending && this.signal?.aborted !== true) this.notice?.(`the last reader of ${this.description} went away; waiting for another (Ctrl-C ends the run)`);
    });
    if (this.header !== null) socket.write(this.header);
    this.firstReaderAt ??= performance.now();
    this.readers.add(socket);
    this.wake();
  }

  /** Resolves when a reader is connected, or when the run is stopped first. */
  private async reader(): Promise<void> {
    while (this.readers.size === 0 && this.signal?.aborted !== true) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
