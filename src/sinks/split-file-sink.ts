import { RunError } from '../errors.js';
import { FileWriter } from './file-writer.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

/** More distinct files than this is almost surely a template over an id, not a category. */
const MAX_FILES = 1000;

/**
 * Records into one file per value of a path template: `out/{event_type}.jsonl`. Each
 * file gets the header and is renamed into place when the run completes.
 */
export class SplitFileSink implements Sink {
  readonly description: string;
  readonly keyTemplate: string;
  private readonly writers = new Map<string, FileWriter>();
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  private header: Uint8Array | null = null;

  constructor(pathTemplate: string) {
    this.description = `files ${pathTemplate}`;
    this.keyTemplate = pathTemplate;
  }

  /** Values become file names: no directory separators, no hidden or parent names. */
  keyValue(text: string): string {
    const safe = text.replace(/[/\\\0]/g, '_');
    return safe === '' ? '_' : safe.startsWith('.') ? `_${safe.slice(1)}` : safe;
  }

  open(context: SinkOpenContext): Promise<void> {
    this.header = context.header;
    return Promise.resolve();
  }

  async write(batch: RecordBatch): Promise<void> {
    // Gather each file's records of this batch, then write each file once.
    const parts = new Map<string, Uint8Array[]>();
    let start = 0;
    for (let i = 0; i < batch.count; i++) {
      const end = batch.ends[i];
      const path = batch.keys![i] ?? '_';
      let list = parts.get(path);
      if (list === undefined) parts.set(path, (list = []));
      list.push(batch.bytes.subarray(start, end));
      start = end;
    }
    for (const [path, chunks] of parts) {
      const writer = this.writers.get(path) ?? (await this.create(path));
      await writer.write(Buffer.concat(chunks));
    }
    this.counts.delivered += batch.count;
    this.counts.bytes += start;
  }

  private async create(path: string): Promise<FileWriter> {
    if (this.writers.size >= MAX_FILES) {
      throw new RunError('BAD_OUTPUT', `-o ${this.keyTemplate}: more than ${MAX_FILES} distinct files; split by a field with fewer values`);
    }
    const writer = await FileWriter.open(path);
    this.writers.set(path, writer);
    if (this.header !== null) await writer.write(this.header);
    return writer;
  }

  async close(): Promise<void> {
    for (const writer of this.writers.values()) await writer.commit();
  }

  abort(): Promise<void> {
    for (const writer of this.writers.values()) writer.discard();
    // A directory shared with a file discarded later is empty only now.
    for (const writer of this.writers.values()) writer.removeCreatedDirectories();
    return Promise.resolve();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
