import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BENCHMARK_RANGES } from '../../src/inspect/benchmark-ranges.js';
import { readRealismTable } from '../helpers/realism-table.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('docs/realism.md shows the ranges of src/inspect/benchmark-ranges.ts, row for row', () => {
  const rows = readRealismTable();
  assert.deepEqual(rows.map((r) => r.id), BENCHMARK_RANGES.map((r) => r.id), 'the same rows in the same order');
  for (const [i, range] of BENCHMARK_RANGES.entries()) {
    const row = rows[i];
    assert.equal(row.label, range.label, `row ${range.id}: label`);
    assert.equal(row.sources, range.sources, `row ${range.id}: sources`);
    assert.ok(close(row.low, range.low) && close(row.high, range.high), `row ${range.id}: range ${row.low}–${row.high} in the docs, ${range.low}–${range.high} in the code`);
    assert.ok(close(row.target, range.target), `row ${range.id}: target ${row.target} in the docs, ${range.target} in the code`);
  }
});

test('every range is well formed: ids unique, low ≤ target ≤ high, every source labelled', () => {
  assert.equal(new Set(BENCHMARK_RANGES.map((r) => r.id)).size, BENCHMARK_RANGES.length);
  for (const r of BENCHMARK_RANGES) {
    assert.ok(r.low <= r.target && r.target <= r.high, `${r.id}: ${r.low} ≤ ${r.target} ≤ ${r.high}`);
    assert.match(r.sources, /\[(P|S|C|D|I)(\/(P|S|C|D|I))*\]/, `${r.id}: a source without a label`);
  }
});
