import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { keyText } from '../faults/key-text.js';
import { isSpecialFile, makeDirectories, unwritableFile } from '../sinks/writable-path.js';

/** A summary that cannot be written is bad input: find out before the run, not after it. */
export function checkSummaryTarget(path: string, flag: string): void {
  const problem = unwritableFile(path);
  if (problem !== null) throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${problem})`);
}

export function writeSummary(path: string, summary: object, flag: string): void {
  // JSON.stringify(summary, null, 2), with the answer key's windows written straight from their counts.
  const text = keyText(summary);
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    if (isSpecialFile(path)) {
      writeChunks(path, text);
      return;
    }
    makeDirectories(dirname(path));
    writeChunks(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes the chunks to a file made anew (or to a special file such as /dev/stdout), as writeFileSync would one buffer. */
function writeChunks(path: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunks) for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
  } finally {
    closeSync(fd);
  }
}
