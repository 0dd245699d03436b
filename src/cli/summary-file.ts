import { renameSync, rmSync, writeFileSync } from 'node:fs';
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
      writeFileSync(path, text);
      return;
    }
    makeDirectories(dirname(path));
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
