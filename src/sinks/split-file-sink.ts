import { RunError } from '../errors.js';
import { filePath, partitionEnd, partitionPath, partitionStart, type OutputPath } from './output-path.js';
import { linePartFiles, type PartFile, type PartFileFactory } from './part-file.js';
import type { RollLimit } from './roll-limit.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

/** More files open at once than this is almost surely a template over an id, not a category. */
const MAX_OPEN_FILES = 1000;

/** A file being written: one part of one partition. */
interface Part {
  readonly file: PartFile;
  /** The partition's path with the `{seq}` marker (see output-path.ts). */
  readonly partition: string;
  readonly key: string;
  readonly start: number;
  /** Event time at which the partition is over (Infinity when the path has no time in it). */
  readonly end: number;
  readonly firstTime: number;
  records: number;
}

/**
 * Records into files named by a path template: one file per field value
 * (`out/{event_type}.jsonl`), per event-time partition (`lake/dt={date}/hour={hour}/...`),
 * and with `{seq}` rolled into numbered parts (`--roll`). Every file gets the header and
 * is renamed into place when it is closed.
 *
 * With `{seq}` a partition's file is closed as soon as a later partition has begun (the
 * highest event time seen is past its end), so finished partitions appear while the run
 * goes on; a late event for it then opens the partition's next part, as late data lands
 * in real lakes, which gathers its late events until the partition under way is over. Without `{seq}` a file stays open to the end, as there is no other name
 * to write late events under. Every decision is taken per record, in output order, so
 * the files do not depend on how records were batched.
 */
export class SplitFileSink implements Sink {
  readonly description: string;
  readonly keyTemplate: string | undefined;
  readonly keyValue = 'path-segment';
  readonly wantsRows: boolean;
  private readonly openParts = new Map<string, Map<number, Part>>();
  private openCount = 0;
  /** Parts made per partition so far: the next `{seq}`. */
  private readonly sequences = new Map<string, number>();
  private readonly touched = new Set<Part>();
  /** The part the previous record went to (null after it was closed). */
  private last: Part | null = null;
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  /** Bytes of the files closed so far; the open ones count theirs (see stats). */
  private closedBytes = 0;
  private files: PartFileFactory | null = null;
  /** Highest event time seen, and the earliest end of an open partition (closing it waits for the watermark). */
  private watermark = -Infinity;
  private nextEnd = Infinity;
  private readonly closesPartitions: boolean;

  constructor(
    private readonly path: OutputPath,
    private readonly roll: RollLimit | null = null,
    /** Files of a columnar format (which build on each record's row); else line files with the header. */
    private readonly partFiles?: PartFileFactory,
  ) {
    // A columnar run to one file comes here too (its rows go to a part file): one file is a "file".
    const oneFile = path.keyTemplate === undefined && path.granularity === null && !path.hasSeq;
    this.description = `${oneFile ? 'file' : 'files'} ${path.template}`;
    this.keyTemplate = path.keyTemplate;
    this.closesPartitions = path.hasSeq && path.granularity !== null;
    this.wantsRows = partFiles !== undefined;
  }

  open(context: SinkOpenContext): Promise<void> {
    this.files = this.partFiles ?? linePartFiles(context.header);
    return Promise.resolve();
  }

  async write(batch: RecordBatch): Promise<void> {
    const { granularity, constant } = this.path;
    // Read once: batches come in several shapes, and each read in the loop was a megamorphic lookup.
    const { count, ends, times, keys } = batch;
    let start = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i];
      const time = times[i];
      if (time > this.watermark) {
        this.watermark = time;
        if (time >= this.nextEnd) await this.closeFinishedPartitions();
      }
      const key = keys === undefined ? constant : (keys[i] ?? '_');
      const partitionTime = granularity === null ? 0 : partitionStart(granularity, time);
      // Runs of records go to one file: look it up only when the file changes.
      let part = this.last !== null && this.last.key === key && this.last.start === partitionTime ? this.last : this.openParts.get(key)?.get(partitionTime);
      if (part !== undefined && this.rollDue(part, time, end - start)) {
        await this.closePart(part);
        part = undefined;
      }
      part ??= await this.openPart(key, partitionTime, time);
      part.file.add(batch, i, start, end);
      part.records++;
      if (part !== this.last) {
        this.touched.add(part);
        this.last = part;
      }
      start = end;
    }
    for (const part of this.touched) await part.file.flush();
    this.touched.clear();
    // The next batch's first record marks its part as touched again.
    this.last = null;
    this.counts.delivered += count;
  }

  private rollDue(part: Part, time: number, size: number): boolean {
    const roll = this.roll;
    if (roll === null) return false;
    if (roll.kind === 'events') return part.records >= roll.events;
    if (roll.kind === 'bytes') return part.file.size + size > roll.bytes;
    return time - part.firstTime >= roll.ms;
  }

  private async openPart(key: string, start: number, time: number): Promise<Part> {
    if (this.openCount >= MAX_OPEN_FILES) {
      throw new RunError('BAD_OUTPUT', `-o ${this.path.template}: more than ${MAX_OPEN_FILES} files open at once; split by a field with fewer values`);
    }
    const granularity = this.path.granularity;
    const partition = granularity === null ? key : partitionPath(key, start);
    const seq = this.sequences.get(partition) ?? 0;
    this.sequences.set(partition, seq + 1);
    const file = await this.files!(filePath(partition, seq));
    // A late part (its partition already over) gathers that partition's late events until
    // the partition under way now is over too, instead of one file per late event.
    const end = granularity === null || !this.closesPartitions ? Infinity : partitionEnd(granularity, Math.max(start, partitionStart(granularity, this.watermark)));
    const part: Part = { file, partition, key, start, end, firstTime: time, records: 0 };
    let byStart = this.openParts.get(key);
    if (byStart === undefined) this.openParts.set(key, (byStart = new Map<number, Part>()));
    byStart.set(start, part);
    this.openCount++;
    this.nextEnd = Math.min(this.nextEnd, end);
    return part;
  }

  private async closePart(part: Part): Promise<void> {
    // Completed while it is still an open part: a file that fails to complete (a full disk
    // as its last bytes or its footer are written) is then among those abort removes.
    await part.file.commit();
    this.touched.delete(part);
    if (this.last === part) this.last = null;
    const byStart = this.openParts.get(part.key)!;
    byStart.delete(part.start);
    if (byStart.size === 0) this.openParts.delete(part.key);
    this.openCount--;
    this.closedBytes += part.file.written;
  }

  /** Closes every part whose partition is over, and finds the next end to wait for. */
  private async closeFinishedPartitions(): Promise<void> {
    let nextEnd = Infinity;
    for (const part of this.parts()) {
      if (part.end <= this.watermark) await this.closePart(part);
      else nextEnd = Math.min(nextEnd, part.end);
    }
    this.nextEnd = nextEnd;
  }

  /** The open parts, in the order they were opened per key (a copy: closing removes them). */
  private parts(): Part[] {
    return [...this.openParts.values()].flatMap((byStart) => [...byStart.values()]);
  }

  async close(): Promise<void> {
    // One named file (a columnar format's plain path) is written even without records, as a plain file
    // sink writes one: header and footer, no rows.
    const path = this.path;
    if (this.sequences.size === 0 && path.keyTemplate === undefined && path.granularity === null && !path.hasSeq) await this.openPart(path.constant, 0, 0);
    for (const part of this.parts()) await this.closePart(part);
  }

  abort(): Promise<void> {
    const parts = this.parts();
    for (const part of parts) part.file.discard();
    // A directory shared with a file discarded later is empty only now.
    for (const part of parts) part.file.removeCreatedDirectories();
    return Promise.resolve();
  }

  /** Bytes are what reached the files: each part's header, records and (columnar) encoded groups and footer. */
  stats(): SinkStats {
    let bytes = this.closedBytes;
    for (const part of this.parts()) bytes += part.file.written;
    return { ...this.counts, bytes };
  }
}
