import { readFileSync } from 'node:fs';
import { oneLineMessage, UsageError } from '../errors.js';
import { mergeSummaries } from '../pipeline/start-run.js';
import { writeSummary } from './summary-file.js';
import type { CliIo } from './io.js';

/** `clickgen summary merge a.json b.json ...`: the whole run's answer key from its shards' summaries. */
export async function summaryMerge(files: readonly string[], flags: { output?: string }, io: CliIo): Promise<number> {
  const summaries = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError('SUMMARY_INPUT', `${file}: cannot read the summary (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new UsageError('SUMMARY_INPUT', `${file}: not JSON (${oneLineMessage(error)})`);
    }
  });
  const merged = mergeSummaries(summaries, files);
  await writeSummary(flags.output ?? '-', merged, '-o', io.stdout);
  return 0;
}
