import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Comparison } from '../../src/inspect/compare.js';
import type { InspectReport } from '../../src/inspect/report.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { readRealismTable } from '../helpers/realism-table.js';

// Four simulated weeks of the default scenario, measured by `clickgen inspect --json --compare`:
// the same commands docs/realism.md gives.
const dir = mkdtempSync(join(tmpdir(), 'clickgen-shop-'));
const file = join(dir, 'shop-4w.ndjson');
let report: InspectReport & { compare: Comparison[] };

test.before(async () => {
  const generated = await runInProcess(['generate', '--duration', '28d', '--start', '2024-03-04', '-q', '-o', file]);
  assert.equal(generated.code, 0, generated.stderr);
  const inspected = await runInProcess(['inspect', file, '--json', '--compare']);
  assert.equal(inspected.code, 0, inspected.stderr);
  report = JSON.parse(inspected.stdout) as typeof report;
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('four weeks of shop: at least 50,000 sessions, over 28 days', () => {
  assert.ok(report.sessions.count >= 50_000, `${report.sessions.count} sessions`);
  assert.ok(report.days > 27.9 && report.days <= 28, `${report.days} days`);
});

test('every measure is inside its published range', () => {
  const outside = report.compare.filter((c) => c.inside !== true).map((c) => `${c.id} ${c.label}: ${String(c.value)} not in ${c.low}–${c.high}`);
  assert.deepEqual(outside, []);
  assert.equal(report.compare.length, readRealismTable().length);
});

test('docs/realism.md shows what shop reproduces (within a tenth of the measured value)', () => {
  const measured = new Map(report.compare.map((c) => [c.id, c.value!]));
  for (const row of readRealismTable()) {
    const value = measured.get(row.id)!;
    const tolerance = Math.max(0.1 * Math.abs(value), row.shopStep / 2 + 1e-12);
    assert.ok(Math.abs(row.shop - value) <= tolerance, `${row.id} ${row.label}: the docs say ${row.shop}, inspect measures ${value}`);
  }
});
