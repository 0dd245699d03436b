import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { fileTarget, makeDirectories } from '../sinks/writable-path.js';

/**
 * Writes a file that is made at once (an answer key, a report) as the sinks write theirs: the
 * folders made, a temporary file renamed into place (onto a link's target, the link kept), a
 * device or descriptor written through; a failure is one line naming `flag` and leaves nothing.
 */
export function writeWholeFile(path: string, text: readonly Uint8Array[], flag: string): void {
  let temporary: string | undefined;
  try {
    const target = fileTarget(path);
    if (target.inPlace) {
      writeChunks(target.descriptor ?? target.path, text);
      return;
    }
    makeDirectories(dirname(target.path));
    temporary = `${target.path}.tmp-${process.pid}`;
    writeChunks(temporary, text);
    renameSync(temporary, target.path);
  } catch (error) {
    if (temporary !== undefined) removeQuietly(temporary);
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

/** Removes what a failed write may have left; where nothing could be made (a path through a file), there is nothing to remove. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR and the like: the write that failed made nothing there.
  }
}
