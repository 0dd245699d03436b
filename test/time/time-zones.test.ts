import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hourOf, isTimeZone, weekdayOf, ZoneOffsets } from '../../src/time/time-zones.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The offset as Intl names it ("GMT-05:00"): an independent way to the same answer. */
function referenceOffset(zone: string, t: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
  return m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * MINUTE);
}

test('offsets across daylight saving changes, including half-hour and 45-minute zones', () => {
  const zones = new ZoneOffsets(['America/New_York', 'Australia/Adelaide', 'Asia/Kathmandu', 'UTC']);
  // New York springs forward at 2:00 local (07:00Z) on 10 March 2024.
  assert.equal(zones.offsetMs(0, Date.UTC(2024, 2, 10, 6, 59)), -5 * HOUR);
  assert.equal(zones.offsetMs(0, Date.UTC(2024, 2, 10, 7, 0)), -4 * HOUR);
  assert.equal(zones.offsetMs(0, Date.UTC(2024, 2, 4, 12)), -5 * HOUR);
  // Adelaide falls back from +10:30 to +9:30 at 3:00 local (16:30Z) on 6 April 2024.
  assert.equal(zones.offsetMs(1, Date.UTC(2024, 3, 6, 16, 29)), 10.5 * HOUR);
  assert.equal(zones.offsetMs(1, Date.UTC(2024, 3, 6, 16, 30)), 9.5 * HOUR);
  assert.equal(zones.offsetMs(2, Date.UTC(2024, 5, 1)), 5.75 * HOUR);
  assert.equal(zones.offsetMs(3, Date.UTC(2024, 5, 1)), 0);
  assert.equal(zones.local(0, Date.UTC(2024, 2, 4, 10)), Date.UTC(2024, 2, 4, 5));
});

test('cached offsets agree with Intl at any instant, in any order (property)', () => {
  const names = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Adelaide', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];
  const zones = new ZoneOffsets(names);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: names.length - 1 }), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (z, t) => {
      assert.equal(zones.offsetMs(z, t), referenceOffset(names[z], t), `${names[z]} at ${new Date(t).toISOString()}`);
    }),
    { numRuns: 3000 },
  );
});

test('zone names: known ones get an index, others -1', () => {
  const zones = new ZoneOffsets();
  assert.equal(zones.indexOf('Europe/Paris'), 0);
  assert.equal(zones.indexOf('Mars/Olympus_Mons'), -1);
  assert.equal(zones.indexOf('Europe/Paris'), 0);
  assert.equal(zones.indexOf('Asia/Tokyo'), 1);
  assert.equal(isTimeZone('America/Chicago'), true);
  assert.equal(isTimeZone('Not/AZone'), false);
});

test('hour of day and weekday of a wall-clock time', () => {
  assert.equal(hourOf(Date.UTC(2024, 2, 4, 23, 59)), 23);
  assert.equal(weekdayOf(Date.UTC(2024, 2, 4)), 0, '4 March 2024 was a Monday');
  assert.equal(weekdayOf(Date.UTC(2024, 2, 10, 23)), 6, 'a Sunday');
});
