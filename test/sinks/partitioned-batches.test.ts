/**
 * Where a split or rolling output puts each record is decided per record, in order: the
 * files written do not depend on how the records were cut into batches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseOutputPath } from '../../src/sinks/output-path.js';
import type { RollLimit } from '../../src/sinks/roll-limit.js';
import { SplitFileSink } from '../../src/sinks/split-file-sink.js';
import type { RecordBatch } from '../../src/sinks/types.js';
import { listTree, tempDir } from '../helpers/cli.js';

interface Row {
  readonly time: number;
  readonly key: string;
  readonly line: string;
}

const HOUR = 3_600_000;

async function writeAll(dir: string, rows: readonly Row[], cuts: readonly number[], roll: RollLimit | null): Promise<Map<string, string>> {
  const sink = new SplitFileSink(parseOutputPath(join(dir, 'dt={date}/h={hour}/{kind}-{seq}.txt')), roll);
  await sink.open({ header: null, format: 'ndjson' });
  const bounds = [0, ...[...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b), rows.length];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const slice = rows.slice(bounds[b], bounds[b + 1]);
    if (slice.length === 0) continue;
    const bytes = Buffer.from(slice.map((r) => r.line).join(''));
    const ends = new Uint32Array(slice.length);
    let end = 0;
    slice.forEach((r, i) => (ends[i] = end += Buffer.byteLength(r.line)));
    const batch: RecordBatch = { bytes, ends, count: slice.length, times: Float64Array.from(slice.map((r) => r.time)), keys: slice.map((r) => join(dir, `dt=\0date\0/h=\0hour\0/${r.key}-\0seq:5\0.txt`)), objects: undefined };
    await sink.write(batch);
  }
  await sink.close();
  return new Map(listTree(dir).filter((p) => p.endsWith('.txt')).map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
}

test('the same records in any batches give the same files', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      // Times mostly moving forward, sometimes hours back (late events).
      fc.array(fc.record({ step: fc.integer({ min: -3 * HOUR, max: HOUR / 2 }), key: fc.constantFrom('a', 'b'), n: fc.nat(99) }), { minLength: 1, maxLength: 120 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.constantFrom<RollLimit | null>(null, { kind: 'events', events: 7 }, { kind: 'bytes', bytes: 60 }, { kind: 'span', ms: HOUR / 3 }),
      async (steps, cuts, roll) => {
        let time = Date.UTC(2024, 0, 1);
        const rows = steps.map((s, i) => ({ time: (time = Math.max(Date.UTC(2024, 0, 1), time + (s.step < -HOUR ? 0 : s.step))) + (s.step < -HOUR ? s.step : 0), key: s.key, line: `${i} ${s.n}\n` }));
        const whole = await writeAll(tempDir(t), rows, [], roll);
        const cut = await writeAll(tempDir(t), rows, cuts, roll);
        assert.deepEqual(cut, whole);
        // Every record is in exactly one file.
        assert.equal([...whole.values()].join('').split('\n').length - 1, rows.length);
      },
    ),
    { numRuns: 60 },
  );
});
