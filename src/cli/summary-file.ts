import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { keyText } from '../faults/key-text.js';
import { unwritableFile } from '../sinks/writable-path.js';
import { writeWholeFile } from './whole-file.js';

/**
 * A summary that cannot be written is bad input: find out before the run, not after it.
 * `-` is stdout, which must not also carry the records; nor may the summary's file be the
 * records' (`output`, the `-o` given), which it would replace once the run ends.
 */
export function checkSummaryTarget(path: string, flag: string, output: string | undefined): void {
  if (path === '-') {
    if (output === undefined || output === '-') throw new UsageError('BAD_FLAG', `${flag} -: the records go to stdout; write the summary to a file, or the records elsewhere with -o`);
    return;
  }
  if (output !== undefined && isSameFile(path, output)) {
    throw new UsageError('BAD_FLAG', `${flag} ${path}: the same file as -o ${output}, whose records the summary would replace; give the summary a file of its own`);
  }
  const problem = unwritableFile(path);
  if (problem !== null) throw new UsageError('BAD_OUTPUT', `${flag} ${path}: cannot write there (${problem})`);
}

/** Whether two paths name one file: the same path, or links to one regular file (a device is written, not replaced). */
function isSameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const first = statSync(a);
    const second = statSync(b);
    return first.isFile() && first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

/** Writes the summary to `path`, or to `stdout` for `-`. */
export async function writeSummary(path: string, summary: object, flag: string, stdout: Writable): Promise<void> {
  // JSON.stringify(summary, null, 2), with the answer key's windows written straight from their counts.
  const text = keyText(summary);
  if (path === '-') {
    for (const chunk of text) stdout.write(chunk);
    return;
  }
  await writeWholeFile(path, text, flag);
}
