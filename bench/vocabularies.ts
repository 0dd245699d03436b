/**
 * The vocabularies against shop's own NDJSON: the same simulated span (so the same
 * sessions) rendered as shop, GA4 rows, Segment calls, Snowplow payloads and enriched events to /dev/null,
 * rounds interleaved so machine noise hits all alike. Speed is simulated time rendered per
 * second of work: the ratio vocabulary / shop of the seconds each takes for the same span.
 *   node --import tsx bench/vocabularies.ts [simulated hours] [rounds]
 */
import { child, fmt, machine, median } from './lib.js';

interface Result {
  events: number;
  sessions: number;
  bytes: number;
  seconds: number;
  maxRssMB: number;
}

const hours = Number(process.argv[2] ?? 24 * 60);
const rounds = Number(process.argv[3] ?? 5);
const script = new URL('./vocabulary-child.ts', import.meta.url).pathname;
const SCENARIOS = ['shop', 'shop-ga4', 'shop-segment', 'shop-snowplow', 'shop-snowplow-enriched'];
const results: Record<string, Result[]> = Object.fromEntries(SCENARIOS.map((s) => [s, []]));
for (let r = 0; r < rounds; r++) for (const scenario of SCENARIOS) results[scenario].push(child<Result>(script, [scenario, String(hours), '/dev/null']));

const first = results.shop[0];
console.log(`${fmt(hours)} simulated hours of shop (${fmt(first.sessions)} sessions, ${fmt(first.events)} shop events), NDJSON to /dev/null, median of ${rounds} interleaved rounds; ${machine()}`);
for (const scenario of SCENARIOS) {
  const list = results[scenario];
  const ratios = list.map((r, i) => results.shop[i].seconds / r.seconds);
  console.log(
    `  ${scenario.padEnd(14)} ${median(list.map((r) => r.seconds)).toFixed(2).padStart(6)} s  ${fmt(median(list.map((r) => r.events / r.seconds))).padStart(10)} lines/s  ` +
      `${(median(list.map((r) => r.bytes / r.events))).toFixed(0).padStart(5)} B/line  ${median(list.map((r) => r.bytes / 1e6 / r.seconds)).toFixed(0).padStart(4)} MB/s  ` +
      `speed vs shop ${median(ratios).toFixed(2)}x`,
  );
}
