import { readFileSync } from 'node:fs';
import type { OutputSchema } from '../engine/event.js';
import { UsageError } from '../errors.js';
import { RowsOnlyEncoder } from './columnar/rows-only-encoder.js';
import { DelimitedEncoder } from './delimited.js';
import { LineTemplateEncoder } from './line-template.js';
import { NdjsonEncoder } from './ndjson.js';
import type { Encoder } from './types.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { createAvroEncoder, type AvroFileOptions } from './avro/create-avro-encoder.js';

export const FORMATS = ['ndjson', 'csv', 'tsv', 'avro', 'parquet', 'arrow'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface EncoderOptions {
  readonly format?: FormatName;
  /** A line template file (`-f`): one line with `{field}` placeholders. */
  readonly formatFile?: string;
  /** The text of `formatFile`, read once: a worker thread builds the same encoder without reading the file again. */
  readonly formatText?: string;
  /** CSV/TSV header line (default true). */
  readonly header?: boolean;
  /** `--format avro`: codec and a user's schema. */
  readonly avro?: AvroFileOptions;
}

/** `scenario` is needed by formats whose schema is derived from it (avro). */
export function createEncoder(schema: OutputSchema, options: EncoderOptions, scenario?: CompiledScenario): Encoder {
  if (options.formatFile !== undefined) return new LineTemplateEncoder(schema, options.formatText ?? readFormatFile(options.formatFile), options.formatFile);
  const format = options.format ?? 'ndjson';
  if (format === 'ndjson') return new NdjsonEncoder(schema);
  if (format === 'avro') {
    if (scenario === undefined) throw new Error('the avro format needs the compiled scenario');
    return createAvroEncoder(scenario, options.avro ?? {});
  }
  // Columnar formats are encoded by their sink, a row group at a time (see RowsOnlyEncoder).
  if (format === 'parquet' || format === 'arrow') return new RowsOnlyEncoder(format);
  return new DelimitedEncoder(schema, format, options.header ?? true);
}

/** The text of a line template file (`-f`). */
export function readFormatFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('FORMAT_FILE', `-f ${file}: cannot read the format file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
