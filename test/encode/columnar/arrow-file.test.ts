/**
 * `-o NAME.arrow` is the Arrow IPC file format (Feather v2), which pyarrow's `open_file`,
 * pandas' `read_feather` and Polars' `read_ipc` open; `.arrows` and stdout stay the stream
 * format. Read back by pyarrow, through the footer (each batch by its place in the file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadArrow } from '../../../src/encode/columnar/arrow.js';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { listTree, START, tempDir } from '../../helpers/cli.js';
import { pyarrowMissing, withPyarrow } from '../../helpers/pyarrow.js';

const skip = pyarrowMissing();
const RUN = ['generate', '-s', 'gift-shop', '-n', '5000', '--seed', '42', '--start', START, '-q', '--row-group-size', '1000'];
/** The bytes of `-o x.arrow` for RUN: the same on every run and machine. */
const GOLDEN = '76b988719097ed249ddc482d2b9b3cf96ee8576bc313ca0daeb647d728d943f8';

/** Each file opened with pyarrow.ipc.open_file: its batches read one by one by index (the footer's places), their rows, and whether the whole equals the stream file given. */
const READ_FILES = `
import json, sys, pyarrow as pa, pyarrow.feather as feather
stream = pa.ipc.open_stream(open(sys.argv[1], 'rb')).read_all() if sys.argv[1] != '-' else None
out = []
for path in sys.argv[2:]:
    reader = pa.ipc.open_file(path)
    batches = [reader.get_batch(i) for i in reversed(range(reader.num_record_batches))][::-1]
    table = pa.Table.from_batches(batches, schema=reader.schema)
    out.append({'batches': [b.num_rows for b in batches], 'columns': reader.schema.names,
                'feather_rows': feather.read_table(path).num_rows,
                'equals_stream': None if stream is None else table.equals(stream)})
print(json.dumps(out))
`;

interface FileRead {
  readonly batches: number[];
  readonly columns: string[];
  readonly feather_rows: number;
  readonly equals_stream: boolean | null;
}

/** Writes RUN as `events.arrow` and `events.arrows`; returns their paths. */
async function fileAndStream(dir: string): Promise<{ file: string; stream: string }> {
  const file = join(dir, 'events.arrow');
  const stream = join(dir, 'events.arrows');
  for (const out of [file, stream]) {
    const result = await runInProcess([...RUN, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
  }
  return { file, stream };
}

test('-o x.arrow is the IPC file format: the stream messages of x.arrows between the magic and a footer, the same bytes on every run', async (t) => {
  const { file, stream } = await fileAndStream(tempDir(t));
  const bytes = readFileSync(file);
  const streamBytes = readFileSync(stream);
  assert.equal(bytes.subarray(0, 8).toString('latin1'), 'ARROW1\0\0', 'the magic, padded');
  assert.equal(bytes.subarray(-6).toString('latin1'), 'ARROW1', 'the magic at the end');
  assert.deepEqual(bytes.subarray(8, 8 + streamBytes.length), streamBytes, 'the stream format, end marker included, after the magic');
  const footerLength = bytes.readInt32LE(bytes.length - 10);
  assert.equal(8 + streamBytes.length + footerLength + 10, bytes.length, 'the footer and its length fill the rest');
  assert.equal(createHash('sha256').update(bytes).digest('hex'), GOLDEN, 'golden hash');

  // apache-arrow's reader takes the file format as well.
  const { tableFromIPC } = await loadArrow();
  assert.equal(tableFromIPC(bytes).numRows, 5000);
});

test('pyarrow opens x.arrow as a file, finds each batch by the footer, and reads the table of x.arrows', { skip }, async (t) => {
  const { file, stream } = await fileAndStream(tempDir(t));
  const [read] = withPyarrow<FileRead[]>(READ_FILES, [stream, file]);
  assert.deepEqual(read.batches, [1000, 1000, 1000, 1000, 1000], 'five batches of the row group size, each found by the footer');
  assert.equal(read.feather_rows, 5000, 'pandas/pyarrow read_feather opens it');
  assert.equal(read.equals_stream, true, 'the same table as the stream');
  assert.ok(read.columns.includes('event_type'), read.columns.join(', '));
});

test('split into .arrow files and a file with no rows: pyarrow opens each as a complete IPC file', { skip }, async (t) => {
  const dir = tempDir(t);
  const split = await runInProcess([...RUN, '-o', join(dir, 'lake/{event_type}.arrow')]);
  assert.equal(split.code, 0, split.stderr);
  const empty = await runInProcess([...RUN, '--drop', '100%', '-o', join(dir, 'empty.arrow')]);
  assert.equal(empty.code, 0, empty.stderr);
  const files = listTree(dir)
    .filter((p) => p.endsWith('.arrow') && p.includes('lake'))
    .map((p) => join(dir, p));
  assert.ok(files.length >= 5, files.join(', '));
  const read = withPyarrow<FileRead[]>(READ_FILES, ['-', ...files, join(dir, 'empty.arrow')]);
  const emptyRead = read.pop()!;
  assert.equal(read.reduce((sum, r) => sum + r.batches.reduce((a, b) => a + b, 0), 0), 5000, 'every event in one of the files');
  assert.deepEqual(emptyRead.batches.reduce((a, b) => a + b, 0), 0);
  assert.deepEqual(emptyRead.columns, read[0].columns, 'the file without rows has every column');
});
