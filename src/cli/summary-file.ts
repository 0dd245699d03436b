import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { keyText } from '../faults/key-text.js';
import { fileTarget, makeDirectories, unwritableFile } from '../sinks/writable-path.js';

/**
 * A summary that cannot be written is bad input: find out before the run, not after it.
 * `-` is stdout, which must not also carry the records.
 */
export function checkSummaryTarget(path: string, flag: string, recordsToStdout: boolean): void {
  if (path === '-') {
    if (recordsToStdout) throw new UsageError('BAD_FLAG', `${flag} -: the records go to stdout; write the summary to a file, or the records elsewhere with -o`);
    return;
  }
  const problem = unwritableFile(path);
  if (problem !== null) throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${problem})`);
}

/** Writes the summary to `path`, or to `stdout` for `-`. */
export function writeSummary(path: string, summary: object, flag: string, stdout: Writable): void {
  // JSON.stringify(summary, null, 2), with the answer key's windows written straight from their counts.
  const text = keyText(summary);
  if (path === '-') {
    for (const chunk of text) stdout.write(chunk);
    return;
  }
  const target = fileTarget(path);
  const temporary = `${target.path}.tmp-${process.pid}`;
  try {
    if (target.inPlace) {
      writeChunks(target.descriptor ?? target.path, text);
      return;
    }
    makeDirectories(dirname(target.path));
    writeChunks(temporary, text);
    renameSync(temporary, target.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes the chunks to a file made anew or a device, or through a descriptor this process holds (left open), as writeFileSync would one buffer. */
function writeChunks(file: string | number, chunks: readonly Uint8Array[]): void {
  const fd = typeof file === 'number' ? file : openSync(file, 'w');
  try {
    for (const chunk of chunks) for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
  } finally {
    if (typeof file === 'string') closeSync(fd);
  }
}
