import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { inspectStream } from '../../src/inspect/inspect-stream.js';
import type { InspectReport } from '../../src/inspect/report.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Monday 4 March 2024, 00:00 UTC: before daylight saving starts in New York (10 March). */
const MONDAY = Date.UTC(2024, 2, 4);

/** Single-page sessions starting at `starts`; the last one runs on to `end` in 20-minute steps, so the span ends there. */
function sessions(starts: readonly number[], timezone: string | null, end: number, prefix: string): string[] {
  return starts.flatMap((start, i) => {
    const times = [start];
    if (i === starts.length - 1) {
      for (let t = start + 20 * MINUTE; t < end; t += 20 * MINUTE) times.push(t);
      times.push(end);
    }
    return times.map((t) => JSON.stringify({ timestamp: new Date(t).toISOString(), event_type: 'page_view', session_id: `${prefix}${i}`, user_id: `${prefix}${i}`, ...(timezone === null ? {} : { timezone }) }));
  });
}

function inspect(lines: string[]): Promise<InspectReport> {
  const sorted = lines.map((l) => [Date.parse((JSON.parse(l) as { timestamp: string }).timestamp), l] as const).sort((a, b) => a[0] - b[0]);
  return inspectStream(Readable.from([Buffer.from(sorted.map(([, l]) => `${l}\n`).join(''))]), { name: 'test' });
}

const near = (actual: readonly (number | null)[], expected: readonly number[]): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(v !== null && Math.abs(v - expected[i]) < 1e-6, `[${i}] ${v} ≠ ${expected[i]} in ${JSON.stringify(actual)}`));
};

test('7.5 days of evenly spread sessions read as even: each hour and weekday is divided by how much of the span fell on it', async () => {
  // A session every 30 minutes from Monday 00:00 UTC; the span ends 7.5 days later (less 1 ms),
  // so Monday and hours 0–11 are in it one more time than the rest.
  const end = MONDAY + 7.5 * DAY - 1;
  const starts = Array.from({ length: 360 }, (_, i) => MONDAY + i * 30 * MINUTE);
  const r = await inspect(sessions(starts, null, end, 's'));
  assert.equal(r.weekly.basis, 'utc');
  assert.deepEqual(r.weekly.sessions, [72, 48, 48, 48, 48, 48, 48]);
  assert.deepEqual(r.hourly.sessions, [...Array<number>(12).fill(16), ...Array<number>(12).fill(14)]);
  near(r.weekly.index, Array<number>(7).fill(1));
  near(r.hourly.index, Array<number>(24).fill(1));
  assert.equal(r.weekly.whole && r.hourly.whole, true);
  near([r.weekly.min_index, r.weekly.max_index, r.weekly.max_to_min], [1, 1, 1]);
  near([r.hourly.trough_to_peak, r.hourly.day_floor_to_peak, r.hourly.night_share], [1, 1, 6 / 24]);
});

test('one UTC day seen in New York and Tokyo spans Sunday to Tuesday locally: every session counts, and weekdays are not compared', async () => {
  // Hourly sessions from Monday 00:00 UTC in each zone. New York (UTC−5) sees Sunday 19:00 to
  // Monday 19:00, Tokyo (UTC+9) Monday 09:00 to Tuesday 09:00.
  const end = MONDAY + DAY - 1;
  const starts = Array.from({ length: 24 }, (_, i) => MONDAY + i * HOUR);
  const r = await inspect([...sessions(starts, 'America/New_York', end, 'ny'), ...sessions(starts, 'Asia/Tokyo', end, 'tk')]);
  assert.equal(r.weekly.basis, 'local');
  assert.deepEqual(r.weekly.sessions, [19 + 15, 9, 0, 0, 0, 0, 5]);
  // Half the sessions cover 5/24 of a Sunday and 19/24 of a Monday, half 15/24 of a Monday and
  // 9/24 of a Tuesday: 48 sessions a day on each of the three.
  near(r.weekly.index, [1, 1, 0, 0, 0, 0, 1]);
  assert.deepEqual([r.weekly.whole, r.weekly.min_index, r.weekly.max_index, r.weekly.max_to_min], [false, null, null, null]);
  // Every local hour of the day is in both zones' spans once.
  assert.deepEqual(r.hourly.sessions, Array<number>(24).fill(2));
  assert.equal(r.hourly.whole, true);
  near([r.hourly.trough_to_peak, r.hourly.night_share], [1, 6 / 24]);
});
