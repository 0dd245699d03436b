/**
 * Purchases and revenue per window in the answer key: an independent reader adds them up from
 * the records a faulted run wrote (intact records, each once) and must get the key's numbers
 * exactly, by event time and, where the records say when they were received, by processing
 * time. Also: the scenario's purchases must name a real event type and field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, listTree, START, stderrLines, tempDir } from '../helpers/cli.js';
import { readPurchases, type PurchaseWindows } from './independent-reader.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const FAULTS = ['--duplicates', '2%', '--drop', '1%', '--bad-records', '1%', '--summary-window', '1m'];

function records(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, end = bytes.indexOf(10); end >= 0; at = end + 1, end = bytes.indexOf(10, at)) out.push(bytes.subarray(at, end + 1));
  return out;
}

/** The key's windows that have purchases, in the reader's terms. */
function keyPurchases(windows: RunSummary['windows'] extends infer W ? (W extends { event_time: infer E } ? E : never) : never): PurchaseWindows {
  return Object.fromEntries(Object.entries(windows).flatMap(([start, w]) => ((w.purchases ?? 0) > 0 ? [[start, { purchases: w.purchases!, revenue: w.revenue! }]] : [])));
}

const CASES = [
  { scenario: 'cart', args: ['--set', 'arrivals.rate=20', '--duration', '30m'], options: { timeField: 'event_time', processingTimeField: 'processing_time', typeField: 'event_type', purchaseType: 'PURCHASE', revenueField: 'price' } },
  { scenario: 'shop', args: ['--duration', '4d', '--late', '5%:10s-120s'], options: { timeField: 'timestamp', typeField: 'event_type', purchaseType: 'purchase', revenueField: 'order_value' } },
];

for (const c of CASES) {
  test(`${c.scenario}: purchases and revenue per window, read from the faulted records, equal the answer key`, async (t) => {
    const dir = tempDir(t);
    const base = ['generate', '-s', c.scenario, '--seed', '7', '--start', START, '-q', ...c.args];
    assert.equal((await clickgen([...base, '-o', join(dir, 'clean.ndjson')])).code, 0);
    const run = await clickgen([...base, ...FAULTS, '-o', join(dir, 'faulted.ndjson'), '--summary', join(dir, 'key.json')]);
    assert.equal(run.code, 0, run.stderr);
    const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
    const found = readPurchases(records(readFileSync(join(dir, 'clean.ndjson'))), records(readFileSync(join(dir, 'faulted.ndjson'))), { ...c.options, windowMs: 60_000 });
    const total = Object.values(found.eventTime).reduce((n, w) => n + w.purchases, 0);
    assert.ok(total > 100, `${total} purchases arrived intact`);
    assert.ok(key.faults!.drops.some((d) => d.type === c.options.purchaseType) || key.faults!.bad_records.some((b) => b.type === c.options.purchaseType), 'some purchases were dropped or written broken');
    assert.deepEqual(found.eventTime, keyPurchases(key.windows!.event_time));
    if (c.options.processingTimeField !== undefined) assert.deepEqual(found.processingTime, keyPurchases(key.windows!.processing_time));
    // Every window of the key says how many purchases it has, none included.
    assert.ok(Object.values(key.windows!.event_time).every((w) => typeof w.purchases === 'number' && /^\d+\.\d\d$/.test(w.revenue!)));
  });
}

test('gift-shop: purchases are counted, with no revenue, since its records carry no price', async (t) => {
  const dir = tempDir(t);
  const run = await clickgen(['generate', '-s', 'gift-shop', '--seed', '3', '-n', '5000', '--start', START, '-q', '--drop', '1%', '-o', join(dir, 'out.ndjson'), '--summary', join(dir, 'key.json')]);
  assert.equal(run.code, 0, run.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const written = readFileSync(join(dir, 'out.ndjson'), 'utf8').split('\n').filter((line) => line.includes('"event_type":"purchase"')).length;
  const counted = Object.values(key.windows!.event_time).reduce((n, w) => n + w.purchases!, 0);
  assert.ok(written > 50);
  assert.equal(counted, written);
  assert.ok(Object.values(key.windows!.event_time).every((w) => w.revenue === undefined));
});

const BAD: Record<string, { yaml: string; error: string }> = {
  'an unknown purchase event': { yaml: 'extends: shop\nanswer_key:\n  purchases: { event: purchased, revenue: order_value }\n', error: 'clickgen: s.yaml:3:23: answer_key.purchases.event: unknown event type "purchased" (did you mean "purchase"?); event types are page_view, ' },
  'an unknown revenue field': { yaml: 'extends: shop\nanswer_key:\n  purchases: { event: purchase, revenue: order_valu }\n', error: 'clickgen: s.yaml:3:42: answer_key.purchases.revenue: unknown field "order_valu" (did you mean "order_value"?); fields are timestamp, ' },
};

for (const [name, c] of Object.entries(BAD)) {
  test(`bad input: ${name}`, async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 's.yaml'), c.yaml);
    const before = listTree(dir);
    const result = await clickgen(['generate', '-s', 's.yaml', '--start', START, '-n', '10', '-o', 'out.ndjson'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    const lines = stderrLines(result);
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0].startsWith(c.error), lines[0]);
    assert.deepEqual(listTree(dir), before, 'nothing written');
  });
}
