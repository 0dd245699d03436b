import { once } from 'node:events';
import { createWriteStream, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { RunError, UsageError } from '../errors.js';
import { descriptorStream, flushed } from './descriptor-stream.js';
import { OverlappedWriter } from './overlapped-writer.js';
import { holdTemporaryFile, releaseTemporaryFile } from './temporary-files.js';
import { fileTarget, makeDirectories, unwritableFile } from './writable-path.js';

let temporaryCounter = 0;

/**
 * One output file, written under a temporary name in the same directory and renamed
 * when complete, so readers never see half a file. A `.gz` name writes gzip. Devices and
 * pipes (`/dev/null`, a FIFO) are written in place, a descriptor of this process
 * (`/dev/stdout`) appended to, and a symbolic link's target is the file made (fileTarget).
 */
export class FileWriter {
  /** The name written to until commit; null when writing in place. */
  private readonly temporary: string | null;
  /** The file renamed to at commit: `path`, or where a link at `path` leads. */
  private readonly final: string;
  /** A descriptor of this process written through (`/dev/stdout`), left open at the end; null for a file opened here. */
  private readonly descriptor: number | null;
  private readonly file: Writable;
  private readonly out: Writable;
  private failure: Error | null = null;
  private readonly writer: OverlappedWriter;
  /** The outermost directory this writer created for its file, if any. */
  private createdDirectory: string | undefined;
  /** Bytes handed to the file so far (before gzip for a `.gz` name): what a run's summary counts. */
  written = 0;

  private constructor(
    readonly path: string,
    inPlace: boolean,
  ) {
    const target = fileTarget(path);
    this.final = target.path;
    this.temporary = inPlace || target.inPlace ? null : join(dirname(target.path), `.${basename(target.path)}.tmp-${process.pid}-${temporaryCounter++}`);
    this.descriptor = target.descriptor;
    // A descriptor's stream waits for a slow reader of a non-blocking pipe (stdout), and is not ended.
    if (target.descriptor !== null) this.file = descriptorStream(target.descriptor);
    else this.file = createWriteStream(this.temporary ?? target.path, { flags: this.temporary === null ? 'w' : 'wx' });
    if (this.temporary !== null) holdTemporaryFile(this.temporary);
    this.out = path.endsWith('.gz') ? createGzip() : this.file;
    if (this.out !== this.file) this.out.pipe(this.file, { end: target.descriptor === null });
    this.writer = new OverlappedWriter(this.out);
    const remember = (error: Error): void => {
      this.failure ??= error;
    };
    this.file.on('error', remember);
    this.out.on('error', remember);
  }

  /**
   * Creates the file (and missing directories). A path that cannot be written is bad input.
   * `inPlace` writes under the final name from the start (a live run, which `tail -f` follows).
   */
  static async open(path: string, inPlace = false): Promise<FileWriter> {
    // A directory at `path` would otherwise fail only at the final rename, after the whole run.
    const problem = unwritableFile(path);
    if (problem !== null) throw unwritable(path, problem);
    let created: string | undefined;
    try {
      created = makeDirectories(dirname(fileTarget(path).path));
    } catch (error) {
      throw unwritable(path, error);
    }
    const writer = new FileWriter(path, inPlace);
    writer.createdDirectory = created;
    try {
      if (writer.descriptor === null) await once(writer.file, 'open');
    } catch (error) {
      throw unwritable(path, error);
    }
    return writer;
  }

  async write(bytes: Uint8Array): Promise<void> {
    try {
      await this.writer.write(bytes, this.check);
    } catch (error) {
      throw writeFailed(this.path, error);
    }
    this.written += bytes.length;
  }

  /** How many of the chunks written last are not yet out of hand: written to the file, or read by gzip. */
  held(): number {
    return this.writer.unwrittenChunks;
  }

  private readonly check = (): void => {
    if (this.failure !== null) throw this.failure;
  };

  /** Flushes, closes and gives the file its final name. */
  async commit(): Promise<void> {
    // Waits until a file opened here is closed, or all written through a descriptor is written
    // out (its stream stays open: stdout carries more after). The last chunks are written out
    // meanwhile, so a full disk shows here as it does in write, and is reported the same way.
    try {
      if (this.descriptor === null) {
        this.out.end();
        await finished(this.file);
      } else {
        if (this.out !== this.file) {
          this.out.end();
          await finished(this.out);
        }
        await flushed(this.file);
      }
    } catch (error) {
      throw writeFailed(this.path, this.failure ?? error);
    }
    if (this.failure !== null) throw writeFailed(this.path, this.failure);
    if (this.temporary === null) return;
    renameSync(this.temporary, this.final);
    releaseTemporaryFile(this.temporary);
  }

  /** Drops the partial file, and the directories made for it once they are empty. */
  discard(): void {
    this.out.destroy();
    // stdout is left as it is: other output (the run's last line) may still go there.
    if (this.descriptor === null) this.file.destroy();
    if (this.temporary !== null) {
      rmSync(this.temporary, { force: true });
      releaseTemporaryFile(this.temporary);
    }
    this.removeCreatedDirectories();
  }

  /** Removes, innermost first, the directories this writer created, while they are empty (another file may share them). */
  removeCreatedDirectories(): void {
    const outermost = this.createdDirectory;
    if (outermost === undefined) return;
    for (let dir = dirname(this.final); !relative(outermost, dir).startsWith('..'); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
      if (dir === outermost) return;
    }
  }
}

/** A write that failed while running (a full disk): the path and the reason, exit code 1. */
function writeFailed(path: string, error: unknown): RunError {
  if (error instanceof RunError) return error;
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? message : `${code}: ${message.replace(`${code}: `, '').replace(/, write$/, '')}`;
  return new RunError('SINK_FAILED', `-o ${path}: cannot write (${reason})`, false, { cause: error });
}

function unwritable(path: string, error: unknown): UsageError {
  const reason = typeof error === 'string' ? error : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
  // The directory is writable, most likely: the path names it instead of a file in it.
  if (reason === 'EISDIR') return new UsageError('BAD_OUTPUT', `-o ${path}: is a directory; give a file in it (${join(path, 'events.ndjson')}) or a path template ('${join(path, '{date}', 'part-{seq}.ndjson')}')`, { cause: error });
  return new UsageError('BAD_OUTPUT', `-o ${path}: cannot write there (${reason}); choose a writable directory`, { cause: error });
}
