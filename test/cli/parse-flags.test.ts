import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePositiveInteger } from '../../src/cli/parse-flags.js';
import { parseDuration, parseStart } from '../../src/time/time-text.js';
import { UsageError } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A positive amount as users write it: whole or with a fraction, and its value. */
const amount = fc
  .tuple(fc.integer({ min: 0, max: 5000 }), fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }))
  .filter(([whole, fraction]) => whole > 0 || (fraction !== undefined && /[1-9]/.test(fraction)))
  .map(([whole, fraction]) => (fraction === undefined ? `${whole}` : `${whole}.${fraction}`));

function rejectsAsBadFlag(fn: () => unknown, flag: string, text: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UsageError, `${text}: ${String(error)}`);
    assert.equal(error.code, 'BAD_FLAG');
    assert.equal(error.exitCode, 2);
    assert.ok(error.message.startsWith(`${flag} ${text}: `), error.message);
    return true;
  });
}

test('parseDuration accepts every shorthand it documents', () => {
  fc.assert(
    fc.property(amount, fc.constantFrom(...(Object.keys(UNIT_MS) as (keyof typeof UNIT_MS)[])), (n, unit) => {
      const expected = Math.round(Number(n) * UNIT_MS[unit]);
      fc.pre(expected > 0);
      assert.equal(parseDuration('--duration', `${n}${unit}`), expected);
    }),
    { numRuns: 2000 },
  );
});

test('parseDuration accepts ISO 8601 durations, in either case', () => {
  const part = fc.option(amount, { nil: undefined });
  fc.assert(
    fc.property(part, part, part, part, part, fc.boolean(), (w, d, h, m, s, lower) => {
      fc.pre([w, d, h, m, s].some((v) => v !== undefined));
      const time = `${h === undefined ? '' : `${h}H`}${m === undefined ? '' : `${m}M`}${s === undefined ? '' : `${s}S`}`;
      const text = `P${w === undefined ? '' : `${w}W`}${d === undefined ? '' : `${d}D`}${time === '' ? '' : `T${time}`}`;
      const value = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
      const expected = Math.round(((((value(w) * 7 + value(d)) * 24 + value(h)) * 60 + value(m)) * 60 + value(s)) * 1000);
      fc.pre(expected > 0);
      assert.equal(parseDuration('--duration', lower ? text.toLowerCase() : text), expected);
    }),
    { numRuns: 2000 },
  );
});

test('parseDuration rejects garbage with a UsageError naming the flag', () => {
  const fixed = ['', ' ', 'P', 'PT', 'P1DT', 'T1H', '1', '1.5', '-5m', '+5m', '1.5.5s', '5 s', 's', '1x', 'PT1H1D', 'P1H', '1e3s', '0s', 'PT0S', '0.0001ms', 'Infinityd', 'NaNs'];
  for (const text of fixed) rejectsAsBadFlag(() => parseDuration('--duration', text), '--duration', text);
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }).filter((s) => !/\d/.test(s)), (text) => {
      // Both forms need a number: text without a digit is never a duration.
      rejectsAsBadFlag(() => parseDuration('--duration', text), '--duration', text);
    }),
    { numRuns: 1000 },
  );
});

// A day inside years 1000-9999 either way, so that local times with any offset keep four-digit years.
const instant = fc.date({ min: new Date('1000-01-02T00:00:00Z'), max: new Date('9999-12-30T23:59:59.999Z'), noInvalidDate: true });

test('parseStart round-trips ISO strings', () => {
  fc.assert(
    fc.property(instant, (date) => {
      assert.equal(parseStart('--start', date.toISOString()), date.getTime());
    }),
    { numRuns: 2000 },
  );
});

test('parseStart: offsets, no zone (UTC), dates, a space for T, and seconds left out', () => {
  fc.assert(
    fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (date, offsetMinutes, colon) => {
      const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(abs % 60).padStart(2, '0')}`;
      assert.equal(parseStart('--start', `${local}${zone}`), date.getTime());
      assert.equal(parseStart('--start', date.toISOString().slice(0, 23)), date.getTime());
      assert.equal(parseStart('--start', date.toISOString().slice(0, 10)), Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
    }),
    { numRuns: 1000 },
  );
  assert.equal(parseStart('--start', '2024-01-01 10:30'), Date.UTC(2024, 0, 1, 10, 30));
  assert.equal(parseStart('--start', '2024-02-29T12:00:00.123456789Z'), Date.UTC(2024, 1, 29, 12, 0, 0, 123));
});

test('parseStart rejects what is not a date-time on the calendar', () => {
  for (const text of ['', 'now', 'yesterday', '2024', '2024-01', '24-01-01', '2024-1-1', '2024-13-01', '2024-00-10', '2024-02-30', '2023-02-29', '2024-04-31', '2024-01-01T24:00:00Z', '2024-01-01T10:60', '2024-01-01T10:00:60Z', '2024-01-01T10:00:00+25:00', '2024-01-01T10:00:00+05:75', '01/02/2024', '2024-01-01T10']) {
    rejectsAsBadFlag(() => parseStart('--start', text), '--start', text);
  }
});

test('parsePositiveInteger: digits (underscores allowed) from 1 to 2^53 - 1', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
      assert.equal(parsePositiveInteger('-n', String(n)), n);
    }),
  );
  assert.equal(parsePositiveInteger('-n', '1_000_000'), 1_000_000);
  for (const text of ['0', '-5', 'abc', '1.5', '1e3', '', ' ', '9007199254740992', '0x10']) rejectsAsBadFlag(() => parsePositiveInteger('-n', text), '-n', text);
});

test('what the argument parser rejects is one line too: unknown options and commands (with a suggestion), a missing value; exit 2', async () => {
  const cases: [string[], string][] = [
    [['generate', '--foo'], "clickgen: unknown option '--foo'; run with --help for usage"],
    [['generate', '--sumary', 's.json'], "clickgen: unknown option '--sumary' (did you mean --summary?); run with --help for usage"],
    [['generat'], "clickgen: unknown command 'generat' (did you mean generate?); run with --help for usage"],
    [['generate', '-n'], "clickgen: option '-n, --count <n>' argument missing; run with --help for usage"],
  ];
  for (const [args, line] of cases) {
    const result = await runInProcess(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stderr, `${line}\n`, args.join(' '));
    assert.equal(result.stdout, '', 'nothing written');
  }
});
