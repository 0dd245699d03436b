/**
 * End to end, to files: a run with every fault, read by an independent reader against the
 * same run without duplicates, drops and bad records. The reader's findings must equal the
 * answer key exactly: bad records by position and kind, duplicates by position, drops,
 * per-window counts, sessions started and what each watermark drops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { clickgen, REPO, START, tempDir } from '../helpers/cli.js';
import { keyView, readFaulted } from './independent-reader.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const BASE = ['generate', '-s', 'gift-shop', '--seed', '11', '-n', '20000', '--start', START, '--late', '5%:10s-120s', '-q'];
const FAULTS = ['--duplicates', '2%', '--drop', '1%', '--bad-records', '1%', '--watermark', '30s,2m', '--summary-window', '1m'];

function records(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let end = bytes.indexOf(10, at); end >= 0; end = bytes.indexOf(10, at)) {
    out.push(bytes.subarray(at, end + 1));
    at = end + 1;
  }
  return out;
}

test('files: duplicates, drops, bad records, windows and watermarks found by an independent reader equal the answer key', async (t) => {
  const dir = tempDir(t);
  const cleanRun = await clickgen([...BASE, '-o', join(dir, 'clean.ndjson')]);
  assert.equal(cleanRun.code, 0, cleanRun.stderr);
  const faultedRun = await clickgen([...BASE, ...FAULTS, '-o', join(dir, 'faulted.ndjson'), '--summary', join(dir, 'key.json')]);
  assert.equal(faultedRun.code, 0, faultedRun.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const found = readFaulted(records(readFileSync(join(dir, 'clean.ndjson'))), records(readFileSync(join(dir, 'faulted.ndjson'))), {
    timeField: '__time',
    typeField: 'event_type',
    sessionField: 'session_id',
    windowMs: 60_000,
    watermarksMs: [30_000, 120_000],
  });
  const expected = keyView(key);
  // The key is valid against the JSON Schema that docs/answer-key.md publishes.
  const schemaText = /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(REPO, 'docs', 'answer-key.md'), 'utf8'))![1];
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const valid = ajv.compile(JSON.parse(schemaText) as object);
  assert.ok(valid(key), JSON.stringify(valid.errors));
  // Faults happened in numbers worth checking.
  assert.ok(key.faults!.dropped > 100 && key.faults!.duplicated > 200 && key.faults!.bad > 100, JSON.stringify({ dropped: key.faults!.dropped, duplicated: key.faults!.duplicated, bad: key.faults!.bad }));
  assert.ok(key.watermarks![0].dropped > 0, 'a 30 s watermark drops some of the 10-120 s late events');
  assert.deepEqual(found.bad, expected.bad);
  assert.deepEqual(new Set(found.bad.map((b) => b.kind)), new Set(['truncated', 'invalid_utf8', 'type_violation', 'missing_field', 'out_of_domain']));
  assert.deepEqual(found.duplicates, expected.duplicates);
  assert.deepEqual(found.missing, expected.missing);
  assert.deepEqual(found.eventTime, expected.eventTime);
  assert.deepEqual(found.watermarks, expected.watermarks);
  // Processing-time windows hold the same events, counted when they were received.
  const total = (windows: Record<string, { events: number }>): number => Object.values(windows).reduce((n, w) => n + w.events, 0);
  assert.equal(total(key.windows!.processing_time), total(key.windows!.event_time));
  assert.equal(key.events, records(readFileSync(join(dir, 'faulted.ndjson'))).length);
});
