import { rmSync } from 'node:fs';

/**
 * The temporary files of this process's outputs while they are written, so that a process
 * ended at once (a second Ctrl-C) can remove them first: an interrupted run leaves no hidden
 * half file behind. A file leaves the set when it is renamed into place or discarded.
 */
const unfinished = new Set<string>();

export function holdTemporaryFile(path: string): void {
  unfinished.add(path);
}

export function releaseTemporaryFile(path: string): void {
  unfinished.delete(path);
}

/** Removes every unfinished temporary file now; returns how many there were. */
export function removeTemporaryFiles(): number {
  const count = unfinished.size;
  for (const path of unfinished) rmSync(path, { force: true });
  unfinished.clear();
  return count;
}
