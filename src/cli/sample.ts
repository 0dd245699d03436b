import { UsageError } from '../errors.js';
import { simulateForCli } from '../pipeline/start-run.js';
import { DEFAULT_SCENARIO } from '../scenario/load.js';
import { parseStart } from '../time/time-text.js';
import type { GenerateFlags } from './generate.js';
import type { CliIo } from './io.js';
import { parseNonNegativeInteger, parsePositiveInteger } from './parse-flags.js';

/** Flags that choose how or where a run writes, which a sample (indented JSON on stdout) does not take. */
const NOT_WITH_SAMPLE: readonly (readonly [keyof GenerateFlags, string])[] = [
  ['count', '-n'],
  ['duration', '--duration'],
  ['output', '-o'],
  ['format', '--format'],
  ['formatFile', '-f'],
  ['realtime', '--realtime'],
  ['summary', '--summary'],
  ['summaryWindow', '--summary-window'],
  ['watermark', '--watermark'],
];

/**
 * `generate --sample N`: the first N events of the run the other flags describe, as indented
 * JSON on stdout, for reading. The same events (and values) as the NDJSON of that run.
 */
export async function printSample(sample: string, flags: GenerateFlags, io: CliIo): Promise<number> {
  const count = parsePositiveInteger('--sample', sample);
  const clash = NOT_WITH_SAMPLE.find(([flag]) => flags[flag] !== undefined && flags[flag] !== false);
  if (clash !== undefined) throw new UsageError('BAD_FLAG', `--sample and ${clash[1]}: --sample prints a few indented events on stdout; leave out ${clash[1]}, or --sample for a run`);
  const set = [...(flags.set ?? [])];
  if (flags.maxSessions !== undefined) set.push(`arrivals.max_concurrent=${parsePositiveInteger('--max-sessions', flags.maxSessions)}`);
  const seed = flags.seed === undefined ? undefined : parseNonNegativeInteger('--seed', flags.seed);
  const start = flags.start === undefined ? Math.floor(io.now() / 1000) * 1000 : parseStart('--start', flags.start);
  for await (const event of simulateForCli({ scenario: flags.scenario ?? DEFAULT_SCENARIO, seed, set, env: io.env, count, start })) {
    io.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  }
  return 0;
}
