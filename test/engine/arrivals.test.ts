import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hourOf, weekdayOf, ZoneOffsets } from '../../src/time/time-zones.js';
import { chiSquare, chiSquareCritical999 } from '../random/stats.js';
import { compileText, events } from '../helpers/run-scenario.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 2, 4);

/** A one-state scenario: one event per session, with the session's time zone. */
function scenario(hourly: number[], zones: Record<string, number>, weekly?: number[]): string {
  return `
name: zones
arrivals:
  rate: 0.05
  hourly: [${hourly.join(', ')}]
  ${weekly === undefined ? '' : `weekly: [${weekly.join(', ')}]`}
  timezones: { ${Object.entries(zones).map(([z, w]) => `"${z}": ${w}`).join(', ')} }
states:
  visit: {}
fields:
  t: { time: epoch-ms }
  tz: { ref: session.timezone }
`;
}

test('curves apply in each zone\'s local time: with one open hour, every session starts in it, across daylight saving', () => {
  const hourly = Array.from({ length: 24 }, (_, h) => (h === 12 ? 1 : 0));
  const zones = { 'America/New_York': 2, 'Europe/Berlin': 1, 'Asia/Kathmandu': 1 };
  // 4 March to 8 April 2024 spans the US and the EU clock changes.
  const out = events(compileText(scenario(hourly, zones)), { start: START, end: START + 35 * DAY });
  assert.ok(out.length > 3000, `${out.length} sessions`);
  const offsets = new ZoneOffsets(Object.keys(zones));
  // The first session arrives at the start itself, whatever the curves say; the rest follow them.
  for (const e of out.slice(1)) {
    const z = offsets.indexOf(e.tz as string);
    assert.equal(hourOf(offsets.local(z, e.t as number)), 12, `${e.tz as string} at ${new Date(e.t as number).toISOString()}`);
  }
  // Every zone has the same single open hour, so sessions split by the shares (4σ binomial).
  const newYork = out.filter((e) => e.tz === 'America/New_York').length / out.length;
  assert.ok(Math.abs(newYork - 0.5) < 4 * Math.sqrt(0.25 / out.length), `New York ${newYork}`);
});

test('local hour and weekday counts follow the curves (chi-square, p = 0.001)', () => {
  const hourly = [104, 78, 55, 38, 27, 22, 30, 43, 58, 75, 103, 125, 142, 151, 149, 145, 142, 140, 137, 134, 132, 134, 133, 123].map((v) => v / 100);
  const weekly = [0.92, 0.89, 0.95, 1.05, 1.18, 1.01, 1.0];
  const zones = { 'America/Los_Angeles': 1, 'Europe/London': 1, 'Australia/Sydney': 1 };
  const out = events(compileText(scenario(hourly, zones, weekly)), { start: START, end: START + 28 * DAY });
  const offsets = new ZoneOffsets(Object.keys(zones));
  const hours = new Array<number>(24).fill(0);
  const days = new Array<number>(7).fill(0);
  for (const e of out) {
    const wall = offsets.local(offsets.indexOf(e.tz as string), e.t as number);
    hours[hourOf(wall)]++;
    days[weekdayOf(wall)]++;
  }
  const hourSum = hourly.reduce((a, b) => a + b);
  const hourStat = chiSquare(hours, hourly.map((v) => (v / hourSum) * out.length));
  assert.ok(hourStat < chiSquareCritical999(23), `hours: chi-square ${hourStat}, ${out.length} sessions`);
  // Any 28 days hold each local weekday four times over, whatever the zone's offset.
  const daySum = weekly.reduce((a, b) => a + b);
  const dayStat = chiSquare(days, weekly.map((v) => (v / daySum) * out.length));
  assert.ok(dayStat < chiSquareCritical999(6), `weekdays: chi-square ${dayStat}`);
});
