import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { FormatName } from '../encode/create-encoder.js';

/** Formats a file name's extension names; an NDJSON name (.ndjson, .jsonl, .json) or any other needs no --format. */
const BY_EXTENSION: Readonly<Record<string, FormatName>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.avro': 'avro',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.arrows': 'arrow',
};

/** How each container format compresses inside itself, where a `.gz` around the whole file would make it unreadable. */
const CONTAINERS: Readonly<Partial<Record<FormatName, { readonly name: string; readonly inside: string }>>> = {
  avro: { name: 'Avro', inside: 'its blocks compress with --avro-codec' },
  parquet: { name: 'Parquet', inside: 'its pages compress with --compression' },
  arrow: { name: 'Arrow', inside: 'clickgen writes Arrow IPC uncompressed' },
};

/**
 * The format of a run without --format or -f: the one `-o`'s file name says
 * (`-o events.parquet`, `-o 'lake/dt={date}/part-{seq}.csv.gz'`), else NDJSON (undefined).
 * Targets that are no file (stdout, URLs) say nothing.
 */
export function formatFromName(output: string | undefined): FormatName | undefined {
  if (output === undefined || output === '-' || output.includes('://')) return undefined;
  return BY_EXTENSION[extname(output.replace(/\.gz$/i, '')).toLowerCase()];
}

/**
 * A container format (Avro, Parquet, Arrow) to a `.gz` name: gzip around the whole file
 * leaves a file no reader of the format opens, so it is refused.
 */
export function checkNotGzipped(output: string | undefined, format: FormatName | undefined): void {
  if (output === undefined || format === undefined || !/\.gz$/i.test(output) || output.includes('://')) return;
  const container = CONTAINERS[format];
  if (container === undefined) return;
  throw new UsageError('BAD_OUTPUT', `-o ${output}: gzip around a whole ${container.name} file leaves one no ${container.name} reader opens (${container.inside}); leave out .gz`);
}
