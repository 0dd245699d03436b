/**
 * Parquet and Arrow files of every built-in scenario, read back by independent readers:
 * DuckDB for Parquet, Rust's Arrow IPC reader (in parquet-wasm) for the Arrow stream.
 * The row count equals the run summary, the column types are those docs/formats.md
 * lists, and every value equals the NDJSON run of the same seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as parquetWasm from 'parquet-wasm/node';
import { builtinNames } from '../../../src/scenario/load.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { deriveRecordSchema } from '../../../src/records/derive.js';
import type { RecordField, RecordType } from '../../../src/records/record-type.js';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { columnTypes, literal, query } from '../../helpers/duckdb.js';
import { tempDir } from '../../helpers/cli.js';

const COUNT = 3000;

/** The DuckDB type docs/formats.md gives each record type. */
function duckdbType(type: RecordType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'int':
      return 'BIGINT';
    case 'decimal':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return type.format === 'iso-local' ? 'TIMESTAMP' : 'TIMESTAMP WITH TIME ZONE';
    case 'array':
      return `${duckdbType(type.items)}[]`;
    case 'object':
      return `STRUCT(${type.fields.map((f) => `${f.name} ${duckdbType(f.type)}`).join(', ')})`;
  }
}

/** A value as NDJSON writes it, brought to what DuckDB returns: times as epoch ms, absent as null. */
function fromNdjson(value: unknown, type: RecordType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'timestamp':
      if (typeof value === 'number') return type.format === 'epoch-s' ? value * 1000 : value;
      return Date.parse(type.format === 'iso-local' ? `${value as string}Z` : (value as string));
    case 'array':
      return (value as unknown[]).map((item) => fromNdjson(item, type.items));
    case 'object':
      return Object.fromEntries(type.fields.map((f) => [f.name, fromNdjson((value as Record<string, unknown>)[f.name], f.type)]));
    default:
      return value;
  }
}

/** A value as DuckDB returns it, in the same terms: Dates as epoch ms, BIGINTs as numbers. */
function fromDuckdb(value: unknown, type: RecordType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'timestamp':
      return (value as Date).getTime();
    case 'int':
      return Number(value);
    case 'array':
      return (value as unknown[]).map((item) => fromDuckdb(item, type.items));
    case 'object':
      return Object.fromEntries(type.fields.map((f) => [f.name, fromDuckdb((value as Record<string, unknown>)[f.name], f.type)]));
    default:
      return value;
  }
}

function rowsOf(records: readonly Record<string, unknown>[], fields: readonly RecordField[], convert: (v: unknown, t: RecordType) => unknown): unknown[] {
  return records.map((r) => Object.fromEntries(fields.map((f) => [f.name, convert(r[f.name], f.type)])));
}

for (const scenario of builtinNames()) {
  test(`${scenario}: Parquet and Arrow read back with the documented types and the NDJSON run's values`, async (t) => {
    const dir = tempDir(t);
    const base = ['generate', '-s', scenario, '-n', String(COUNT), '--seed', '11', '--start', '2024-03-01T10:00:00Z', '-q'];
    const parquet = join(dir, 'events.parquet');
    const summaryFile = join(dir, 'summary.json');
    for (const args of [['--format', 'parquet', '-o', parquet, '--row-group-size', '1000', '--summary', summaryFile], ['--format', 'arrow', '-o', join(dir, 'events.arrows')]]) {
      const result = await runInProcess([...base, ...args]);
      assert.equal(result.code, 0, result.stderr);
    }
    const ndjson = await runInProcess(base);
    const expectedRows = ndjson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { events: number };
    const loaded = loadScenario(scenario);
    const records = deriveRecordSchema(compileScenario(loaded.scenario, 11, loaded.source));

    // Arrow: decoded by Rust's IPC reader, then written as Parquet for DuckDB to compare.
    const fromArrow = join(dir, 'from-arrow.parquet');
    writeFileSync(fromArrow, parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(readFileSync(join(dir, 'events.arrows')))));

    const expected = rowsOf(expectedRows, records.fields, fromNdjson);
    for (const file of [parquet, fromArrow]) {
      const source = `read_parquet(${literal(file)})`;
      const [{ n }] = await query(`SELECT count(*) AS n FROM ${source}`);
      assert.equal(Number(n), summary.events, `${file}: rows = the summary's events`);
      assert.equal(summary.events, COUNT);
      // DuckDB quotes member names that are keywords ("type"): compare without the quotes.
      const types = Object.fromEntries(Object.entries(await columnTypes(`SELECT * FROM ${source}`)).map(([k, v]) => [k, v.replaceAll('"', '')]));
      assert.deepEqual(types, Object.fromEntries(records.fields.map((f) => [f.name, duckdbType(f.type)])), `${file}: column types`);
      const actual = rowsOf(await query(`SELECT * FROM ${source}`), records.fields, fromDuckdb);
      assert.equal(actual.length, expected.length);
      for (let i = 0; i < expected.length; i++) assert.deepEqual(actual[i], expected[i], `${file}: row ${i}`);
    }
  });
}

test('the documented types, spelled out for two scenarios', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'g.parquet');
  assert.equal((await runInProcess(['generate', '-s', 'gift-shop', '-n', '100', '--format', 'parquet', '-o', file, '-q'])).code, 0);
  const types = await columnTypes(`SELECT * FROM read_parquet(${literal(file)})`);
  assert.equal(types.__time, 'TIMESTAMP', 'iso-local times have no zone');
  assert.equal(types.user_id, 'BIGINT');
  assert.equal(types.keyword, 'VARCHAR');
  const nested = join(dir, 'u.parquet');
  assert.equal((await runInProcess(['generate', '-s', 'user-behavior', '-n', '100', '--format', 'parquet', '-o', nested, '-q'])).code, 0);
  const nestedTypes = await columnTypes(`SELECT * FROM read_parquet(${literal(nested)})`);
  assert.equal(nestedTypes.timestamp, 'TIMESTAMP WITH TIME ZONE');
  assert.match(nestedTypes.location, /^STRUCT\(.*latitude DOUBLE.*\)$/);
  assert.match(nestedTypes.session_info, /^STRUCT\(.*session_start TIMESTAMP WITH TIME ZONE.*is_new_session BOOLEAN.*\)$/);
});
