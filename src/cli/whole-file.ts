import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { writeToDescriptor } from '../sinks/descriptor-stream.js';
import { fileTarget, makeDirectories } from '../sinks/writable-path.js';

/**
 * Writes a file that is made at once (an answer key, a report) as the sinks write theirs: the
 * folders made, a temporary file renamed into place (onto a link's target, the link kept), a
 * device or descriptor written through; a failure is one line naming `flag` and leaves nothing.
 */
export async function writeWholeFile(path: string, text: readonly Uint8Array[], flag: string): Promise<void> {
  let temporary: string | undefined;
  try {
    const target = fileTarget(path);
    // A descriptor may be a pipe Node made non-blocking (stdout): written as a stream, which waits for the reader.
    if (target.descriptor !== null) {
      await writeToDescriptor(target.descriptor, text);
      return;
    }
    if (target.inPlace) {
      writeChunks(target.path, text);
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

/** Writes the chunks to a file made anew or a device (opened blocking here), as writeFileSync would one buffer. */
function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const chunk of chunks) for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
  } finally {
    closeSync(fd);
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
