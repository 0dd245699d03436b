/**
 * Parquet and Arrow as files in a lake: Hive-partitioned and rolled Parquet read back by
 * DuckDB, the Arrow stream on stdout, and byte-identical output run to run (golden hashes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as parquetWasm from 'parquet-wasm/node';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { clickgen, listTree, START, tempDir } from '../../helpers/cli.js';
import { columnTypes, literal, query } from '../../helpers/duckdb.js';

test('Hive-partitioned, rolled Parquet: DuckDB reads the tree with dt and hour from the paths, every row in the partition of its time', async (t) => {
  const dir = tempDir(t);
  const summary = join(dir, 'summary.json');
  const args = ['generate', '-s', 'cart', '--start', START, '--seed', '4', '--duration', '3h', '-q', '--format', 'parquet', '--row-group-size', '500'];
  const result = await runInProcess([...args, '-o', join(dir, 'lake/dt={date}/hour={hour}/part-{seq}.parquet'), '--roll', '2000', '--summary', summary]);
  assert.equal(result.code, 0, result.stderr);
  const files = listTree(dir).filter((p) => p.endsWith('.parquet'));
  assert.ok(files.length > 6, files.join(', '));
  assert.ok(listTree(dir).every((p) => !p.includes('.tmp-')), 'no temporary file left');
  const events = (JSON.parse(readFileSync(summary, 'utf8')) as { events: number }).events;
  const source = `read_parquet(${literal(join(dir, 'lake/*/*/*.parquet'))}, hive_partitioning = true)`;
  const [{ n, misplaced, biggest }] = await query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE strftime(event_time AT TIME ZONE 'UTC', '%Y-%m-%d') <> dt::VARCHAR OR strftime(event_time AT TIME ZONE 'UTC', '%H') <> lpad(hour::VARCHAR, 2, '0')) AS misplaced, max(c) AS biggest
     FROM ${source}, (SELECT max(cnt) AS c FROM (SELECT filename, count(*) AS cnt FROM read_parquet(${literal(join(dir, 'lake/*/*/*.parquet'))}, filename = true) GROUP BY filename))`,
  );
  assert.equal(Number(n), events, 'rows = the summary');
  assert.equal(Number(misplaced), 0, 'each row in the partition of its event time');
  assert.ok(Number(biggest) <= 2000, `--roll 2000: the biggest part has ${String(biggest)} rows`);
});

test('--format arrow to stdout is an Arrow IPC stream that a Rust reader decodes, row for row', async () => {
  const result = await clickgen(['generate', '-s', 'gift-shop', '-n', '2500', '--seed', '3', '--start', START, '-q', '--format', 'arrow', '--row-group-size', '1000']);
  assert.equal(result.code, 0, result.stderr);
  const table = parquetWasm.Table.fromIPCStream(result.stdoutBytes);
  assert.equal(table.numBatches, 3, '1000 + 1000 + 500 rows');
  assert.deepEqual(
    table.recordBatches().map((b) => b.numRows),
    [1000, 1000, 500],
  );
});

test('Parquet: the time column is written PLAIN without a dictionary and with its min and max, the text columns with a dictionary and no min or max; DuckDB reads every time back', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'shop.parquet');
  const ndjson = join(dir, 'shop.ndjson');
  const base = ['generate', '-s', 'shop', '-n', '20000', '--seed', '8', '--start', START, '-q'];
  assert.equal((await runInProcess([...base, '--format', 'parquet', '-o', file])).code, 0);
  assert.equal((await runInProcess([...base, '-o', ndjson])).code, 0);
  const chunks = await query(
    `SELECT path_in_schema AS col, list(DISTINCT encodings) AS encodings, count(stats_min_value) AS mins, count(stats_max_value) AS maxes, count(*) AS groups FROM parquet_metadata(${literal(file)}) GROUP BY 1`,
  );
  const encodings = new Map(chunks.map((c) => [c.col as string, (c.encodings as string[]).join(' ')]));
  const withMinMax = new Map(chunks.map((c) => [c.col as string, Number(c.mins) + Number(c.maxes)]));
  assert.equal(withMinMax.get('timestamp'), 2 * Number(chunks[0].groups), 'timestamp: min and max in every row group, for readers to skip groups by time');
  for (const text of ['event_type', 'page', 'event_id']) assert.equal(withMinMax.get(text), 0, `${text}: no min or max`);
  assert.doesNotMatch(encodings.get('timestamp')!, /DICTIONARY/, 'timestamp: no dictionary');
  assert.match(encodings.get('timestamp')!, /PLAIN/, 'timestamp: PLAIN, which every Parquet reader reads');
  for (const text of ['event_type', 'page', 'country']) assert.match(encodings.get(text)!, /RLE_DICTIONARY/, `${text}: a dictionary`);
  const times = await query(`SELECT epoch_ms("timestamp") AS ms FROM read_parquet(${literal(file)})`);
  const expected = readFileSync(ndjson, 'utf8').trim().split('\n').map((line) => Date.parse((JSON.parse(line) as { timestamp: string }).timestamp));
  assert.deepEqual(times.map((r) => Number(r.ms)), expected, 'every time, in order');
});

test('Parquet row groups handed to the writer in pieces: 60,000 rows in groups of 50,000 are two groups, every row read back in order, the same bytes twice', async (t) => {
  const dir = tempDir(t);
  const ndjson = join(dir, 'gift-shop.ndjson');
  const base = ['generate', '-s', 'gift-shop', '-n', '60000', '--seed', '9', '--start', START, '-q'];
  assert.equal((await runInProcess([...base, '-o', ndjson])).code, 0);
  const hashes: string[] = [];
  for (const run of [1, 2]) {
    const file = join(dir, `run${run}.parquet`);
    const result = await runInProcess([...base, '--format', 'parquet', '--row-group-size', '50000', '-o', file]);
    assert.equal(result.code, 0, result.stderr);
    hashes.push(createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  assert.equal(hashes[1], hashes[0], 'the same bytes twice');
  // Pieces of 25,000 rows: page boundaries follow them, so this pins the piece size too.
  assert.equal(hashes[0], '39dd4236ec0dce213596dca6896764f1dd4085f9bdfc13c3884d405494ea925a', 'golden hash');
  const file = join(dir, 'run1.parquet');
  const groups = await query(`SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata(${literal(file)}) GROUP BY 1 ORDER BY 1`);
  assert.deepEqual(groups.map((g) => Number(g.n)), [50000, 10000], 'row groups of the asked size, whatever the pieces');
  const rows = await query(`SELECT epoch_ms(__time) AS ms, session_id, event_type, client_ip, product FROM read_parquet(${literal(file)})`);
  const expected = readFileSync(ndjson, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, string | null>);
  assert.equal(rows.length, expected.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const want = expected[i];
    const same = Number(row.ms) === Date.parse(`${want.__time!}Z`) && row.session_id === want.session_id && row.event_type === want.event_type && row.client_ip === want.client_ip && row.product === want.product;
    assert.ok(same, `row ${i}: ${JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))} against ${JSON.stringify(want)}`);
  }
});

/**
 * The same seed gives the same bytes, in every scenario and both formats. When the model
 * or the writer changes on purpose, update these in the same commit and say why. (Parquet's
 * changed when time columns stopped being dictionary-encoded, and text columns lost their
 * min and max statistics.)
 */
const GOLDEN: Record<string, { parquet: string; arrow: string }> = {
  'gift-shop': { parquet: '44c8c80b6449856373d9ca022240261e619f36e06f9605c56fc5effd4b41cb3d', arrow: 'cbecdf4f79fdd277ec35d43cc7184adcf06adef3ea37c7d4769a05328db6270e' },
  'user-behavior': { parquet: '9be12e786b165757eb6df8a369ac060a8581d83575feb412f2fc50e74aa4449b', arrow: 'a736abf2b353cfc627edfa4fbe5236023e52698be115a6b7da2f3fc28a34c51c' },
  travel: { parquet: '2de34da5cf3399a6a23b73674f6274a294a92052cf84c38968d7ae666ab7e1ff', arrow: 'e84c452e360de12835ab5c178e12c5bb0cb0a4d756c26ec934fc5a08b8b08463' },
};

for (const [scenario, golden] of Object.entries(GOLDEN)) {
  test(`${scenario}: Parquet and Arrow of 5,000 events hash to the golden values, twice`, async (t) => {
    const dir = tempDir(t);
    for (const format of ['parquet', 'arrow'] as const) {
      const hashes: string[] = [];
      for (let i = 0; i < 2; i++) {
        const file = join(dir, `${format}-${i}`);
        const result = await runInProcess(['generate', '-s', scenario, '-n', '5000', '--seed', '42', '--start', START, '-q', '--format', format, '--row-group-size', '2000', '-o', file]);
        assert.equal(result.code, 0, result.stderr);
        assert.ok(statSync(file).size > 0);
        hashes.push(createHash('sha256').update(readFileSync(file)).digest('hex'));
      }
      assert.equal(hashes[1], hashes[0], `${format}: the same bytes twice`);
      assert.equal(hashes[0], golden[format], `${format}: golden hash`);
    }
  });
}

/** Parquet's other compressions (the goldens above are zstd, the default). */
const COMPRESSION_GOLDEN: Record<string, string> = {
  snappy: 'b4e81a3ae69648c3c8493903bdefa0c64da80589ab67c18d2fbad2dca57374c5',
  none: '346992157762009b691d803c3a570522a933f1fa03700c7c3588ea99b5a160e0',
};

test('gift-shop: Parquet with snappy and without compression hashes to the golden values, twice', async (t) => {
  const dir = tempDir(t);
  for (const [compression, golden] of Object.entries(COMPRESSION_GOLDEN)) {
    const hashes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const file = join(dir, `${compression}-${i}.parquet`);
      const result = await runInProcess(['generate', '-s', 'gift-shop', '-n', '5000', '--seed', '42', '--start', START, '-q', '--format', 'parquet', '--compression', compression, '--row-group-size', '2000', '-o', file]);
      assert.equal(result.code, 0, result.stderr);
      hashes.push(createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
    assert.equal(hashes[1], hashes[0], `${compression}: the same bytes twice`);
    assert.equal(hashes[0], golden, `${compression}: golden hash`);
  }
});

test('no rows (every record dropped): Parquet and Arrow, to a file and to stdout, are complete files that DuckDB reads as 0 rows with every column', async (t) => {
  const dir = tempDir(t);
  const base = ['generate', '-s', 'gift-shop', '-n', '50', '--seed', '5', '--start', START, '-q', '--drop', '100%'];
  const full = join(dir, 'full.parquet');
  assert.equal((await runInProcess([...base.filter((a) => a !== '--drop' && a !== '100%'), '--format', 'parquet', '-o', full])).code, 0);
  const columns = await columnTypes(`SELECT * FROM read_parquet(${literal(full)})`);
  for (const format of ['parquet', 'arrow'] as const) {
    // `.arrows`: the stream format, what stdout gets (`.arrow` is the file format, test/encode/columnar/arrow-file.test.ts).
    const file = join(dir, `empty.${format === 'arrow' ? 'arrows' : format}`);
    const toFile = await runInProcess([...base, '--format', format, '-o', file]);
    assert.equal(toFile.code, 0, toFile.stderr);
    const toStdout = await clickgen([...base, '--format', format]);
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.deepEqual(toStdout.stdoutBytes, readFileSync(file), `${format}: stdout and the file hold the same bytes`);
    const parquet = format === 'parquet' ? file : join(dir, 'from-arrow.parquet');
    if (format === 'arrow') {
      const table = parquetWasm.Table.fromIPCStream(readFileSync(file));
      assert.equal(table.recordBatches().reduce((sum, batch) => sum + batch.numRows, 0), 0);
      writeFileSync(parquet, parquetWasm.writeParquet(table));
    }
    const [{ n }] = await query(`SELECT count(*) AS n FROM read_parquet(${literal(parquet)})`);
    assert.equal(Number(n), 0, `${format}: no rows`);
    assert.deepEqual(await columnTypes(`SELECT * FROM read_parquet(${literal(parquet)})`), columns, `${format}: the columns of a file with rows`);
  }
});

test('Parquet with row groups of 10 and 100 rows, to a file and to stdout: the run ends, with every group (the encoder puts several small groups in one chunk)', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'small-groups.parquet');
  const toFile = await clickgen(['generate', '-s', 'gift-shop', '-n', '1000', '--seed', '3', '--start', START, '--row-group-size', '10', '--format', 'parquet', '-o', file, '-q'], { timeoutMs: 60_000 });
  assert.equal(toFile.code, 0, toFile.stderr);
  const groups = await query(`SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata(${literal(file)}) GROUP BY 1 ORDER BY 1`);
  assert.deepEqual(groups.map((g) => Number(g.n)), new Array<number>(100).fill(10));
  const toStdout = await clickgen(['generate', '-s', 'gift-shop', '-n', '5000', '--seed', '3', '--start', START, '--row-group-size', '100', '--format', 'parquet', '-q'], { timeoutMs: 60_000 });
  assert.equal(toStdout.code, 0, toStdout.stderr);
  const piped = join(dir, 'piped.parquet');
  writeFileSync(piped, toStdout.stdoutBytes);
  const [{ n }] = await query(`SELECT count(*) AS n FROM read_parquet(${literal(piped)})`);
  assert.equal(Number(n), 5000);
});

test('Parquet split by a field of more values than files may be open: exit 1 with one line, nothing left, no hang', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen(['generate', '-s', 'shop', '-n', '1200', '--seed', '3', '--start', START, '--format', 'parquet', '-o', join(dir, 'm/{event_id}.parquet'), '-q'], { timeoutMs: 60_000 });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^clickgen: -o .*m\/\{event_id\}\.parquet: more than 1000 files open at once; split by a field with fewer values .*\n$/);
  assert.deepEqual(listTree(dir), []);
});
