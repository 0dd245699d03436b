/** Without --format, -o's file name says the format: the bytes are those of the same run with --format. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { formatFromName } from '../../src/cli/format-from-name.js';
import { clickgen, START, tempDir } from '../helpers/cli.js';

test('a file name ending in a format’s extension names that format; stdout, URLs and other names are NDJSON', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['events.parquet', 'parquet'],
    ['lake/dt={date}/part-{seq}.PARQUET', 'parquet'],
    ['out/{event_type}.csv.gz', 'csv'],
    ['e.tsv', 'tsv'],
    ['e.avro', 'avro'],
    ['e.arrow', 'arrow'],
    ['e.arrows', 'arrow'],
    ['e.ndjson', undefined],
    ['e.json.gz', undefined],
    ['csv', undefined],
    ['-', undefined],
    [undefined, undefined],
    ['kafka://localhost:9092/e.csv', undefined],
  ];
  for (const [output, format] of cases) assert.equal(formatFromName(output), format, String(output));
});

test('generate -o x.parquet, x.csv.gz and x.arrows write what --format does, byte for byte', async (t) => {
  const dir = tempDir(t);
  const run = async (args: string[]): Promise<void> => {
    const result = await clickgen(['generate', '-s', 'gift-shop', '-n', '300', '--seed', '3', '--start', START, '-q', ...args], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  };
  for (const [name, format] of [['e.parquet', 'parquet'], ['e.csv.gz', 'csv'], ['e.arrows', 'arrow']] as const) {
    await run(['-o', `named-${name}`]);
    await run(['--format', format, '-o', `given-${name}`]);
    const read = (file: string): Buffer => (file.endsWith('.gz') ? gunzipSync(readFileSync(join(dir, file))) : readFileSync(join(dir, file)));
    assert.ok(read(`named-${name}`).equals(read(`given-${name}`)), `${name} is ${format}`);
  }
  assert.equal(readFileSync(join(dir, 'named-e.parquet')).subarray(0, 4).toString('latin1'), 'PAR1');
  assert.match(gunzipSync(readFileSync(join(dir, 'named-e.csv.gz'))).toString('utf8'), /^__time,user_id,event_type,/);
});
