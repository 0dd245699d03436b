/** The fault shortcuts' parsers: what they accept, and one line naming the flag for what they do not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { faultOverrides, parseBadRecords, parseShare, parseShareAndDelay } from '../../src/cli/fault-flags.js';
import { UsageError } from '../../src/errors.js';

test('a share reads as a fraction or a percentage, the same number either way', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000 }), (basisPoints) => {
      const percent = `${basisPoints / 100}%`;
      const fraction = String(basisPoints / 10_000);
      assert.ok(Math.abs(parseShare('--drop', percent) - parseShare('--drop', fraction)) < 1e-12);
    }),
  );
});

test('a share outside [0, 1] or not a number is refused, naming the flag and what is wrong', () => {
  fc.assert(
    fc.property(fc.oneof(fc.double({ min: 1.000001, max: 1e6, noNaN: true }).map((n) => n.toFixed(6)), fc.integer({ min: 101, max: 100_000 }).map((n) => `${n}%`), fc.constantFrom('-0.1', '-5%')), (text) => {
      assert.throws(() => parseShare('--drop', text), (error: unknown) => error instanceof UsageError && error.message.startsWith(`--drop ${text}: a share is from 0 to 1`));
    }),
  );
  for (const text of ['abc', '', '5%%', '1e-3', 'NaN', '--1']) {
    assert.throws(() => parseShare('--drop', text), (error: unknown) => error instanceof UsageError && error.message === `--drop ${text}: ${text || 'an empty share'} is not a share; write a fraction (0.05) or a percentage (5%)`, text);
  }
});

test('MIN-MAX with MIN = MAX is a fixed delay: a constant, for --late and --duplicates', () => {
  assert.deepEqual(
    [...faultOverrides({ late: '5%:30s-30s', duplicates: '1%:2m-2m' })],
    [
      ['delivery.late_rate=0.05', '--late 5%:30s-30s'],
      ['delivery.late_delay={"type":"constant","value":30}', '--late 5%:30s-30s'],
      ['faults.duplicates.share=0.01', '--duplicates 1%:2m-2m'],
      ['faults.duplicates.delay={"type":"constant","value":120}', '--duplicates 1%:2m-2m'],
    ],
  );
});

test('--late SHARE:MIN-MAX gives the share and the bounds in seconds', () => {
  assert.deepEqual(parseShareAndDelay('--late', '5%:10s-120s', 'SHARE:MIN-MAX'), { share: 0.05, delay: { min: 10, max: 120 } });
  assert.deepEqual(parseShareAndDelay('--late', '0.5:0-2m', 'SHARE:MIN-MAX'), { share: 0.5, delay: { min: 0, max: 120 } });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 0, max: 3600 }), (percent, a, b) => {
      const [min, max] = a <= b ? [a, b] : [b, a];
      assert.deepEqual(parseShareAndDelay('--late', `${percent}%:${min}s-${max}s`, 'SHARE:MIN-MAX'), { share: percent / 100, delay: { min, max } });
    }),
  );
});

test('bad --late syntax is one line naming the flag', () => {
  for (const text of ['5%', '5%:10s', '5%:10s-', '5%:ten-20s', '5%:30s-10s', '150%:1s-2s', '5%:1s-2s-3s']) {
    assert.throws(() => faultOverrides({ late: text }), (error: unknown) => error instanceof UsageError && error.message.startsWith(`--late ${text}: `) && !error.message.includes('\n'), text);
  }
});

test('--bad-records takes kinds and refuses an unknown one with a suggestion', () => {
  assert.deepEqual(parseBadRecords('--bad-records', '1%:truncated,type_violation'), { share: 0.01, kinds: ['truncated', 'type_violation'] });
  assert.throws(() => parseBadRecords("--bad-records", "1%:truncate"), /unknown kind of bad record "truncate" \(did you mean "truncated"\?\)/);
});

test('the shortcuts are overrides of the scenario sections, each with the flag that made it', () => {
  assert.deepEqual(
    [...faultOverrides({ late: '5%:10s-120s', duplicates: '1%:5s-30s', drop: '0.1%', badRecords: '0.1%', summaryWindow: '5m', watermark: '10s,1m' })],
    [
      ['delivery.late_rate=0.05', '--late 5%:10s-120s'],
      ['delivery.late_delay={"type":"uniform","min":10,"max":120}', '--late 5%:10s-120s'],
      ['faults.duplicates.share=0.01', '--duplicates 1%:5s-30s'],
      ['faults.duplicates.delay={"type":"uniform","min":5,"max":30}', '--duplicates 1%:5s-30s'],
      ['faults.drop.share=0.001', '--drop 0.1%'],
      ['faults.bad_records.share=0.001', '--bad-records 0.1%'],
      ['answer_key.window=300', '--summary-window 5m'],
      ['answer_key.watermarks=[10,60]', '--watermark 10s,1m'],
    ],
  );
});
