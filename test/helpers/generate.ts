import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { createEncoder, type EncoderOptions, type FormatName } from '../../src/encode/create-encoder.js';
import { run } from '../../src/pipeline/run.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';

export const TEST_START = Date.UTC(2024, 0, 1);

/** Runs a scenario in-process through the real pipeline and returns its output bytes. */
export async function generateBytes(
  scenario: string,
  options: { seed?: number; count?: number; end?: number; format?: FormatName; header?: boolean; avro?: EncoderOptions['avro']; set?: string[]; batchBytes?: number; batchRecords?: number } = {},
): Promise<{ bytes: Buffer; summary: RunSummary }> {
  const loaded = loadScenario(scenario, options.set ?? []);
  const compiled = compileScenario(loaded.scenario, options.seed ?? loaded.scenario.seed ?? 0, loaded.source);
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const summary = await run({
    scenario: compiled,
    encoder: createEncoder(compiled.schema, { format: options.format, header: options.header, avro: options.avro }, compiled),
    sink: new StreamSink(out, 'memory'),
    start: TEST_START,
    count: options.count,
    end: options.end,
    batchBytes: options.batchBytes,
    batchRecords: options.batchRecords,
  });
  return { bytes: Buffer.concat(chunks), summary };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Parses NDJSON bytes, failing loudly on the first bad line. */
export function parseLines(bytes: Uint8Array): Record<string, unknown>[] {
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('output does not end with a newline');
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
}
