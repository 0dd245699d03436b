/**
 * Every built-in scenario as NDJSON to /dev/null, each against the JSON.stringify-only
 * reference over its own records (bench/scenario-child.ts), measured in the same run:
 * rounds interleave the scenarios and both measurements, each in a fresh process, so
 * machine noise hits all alike. Prints a table: events/s, MB/s, the reference's events/s,
 * the ratio (median of the per-round ratios) and each scenario's bytes/s against gift-shop's.
 *   node --import tsx bench/scenarios.ts [events] [rounds] [scenario,...]
 */
import { child, fmt, machine, median, type ChildResult } from './lib.js';


const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);
const built = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
const names = process.argv[4]?.split(',') ?? built.listBuiltins().map((b) => b.name);
/** Records parsed back for the reference: enough variety, bounded memory (user-behavior's are 1.3 kB). */
const SAMPLE = 100_000;
const script = new URL('./scenario-child.ts', import.meta.url).pathname;

const clickgen = new Map<string, ChildResult[]>(names.map((n) => [n, []]));
const reference = new Map<string, ChildResult[]>(names.map((n) => [n, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of names) {
    clickgen.get(name)!.push(child<ChildResult>(script, ['clickgen', name, String(events), String(SAMPLE)]));
    reference.get(name)!.push(child<ChildResult>(script, ['reference', name, String(events), String(SAMPLE)]));
  }
}

const rate = (r: ChildResult): number => r.events / r.seconds;
const byteRate = (r: ChildResult): number => r.bytes / 1e6 / r.seconds;
const giftShopMBps = clickgen.has('gift-shop') ? median(clickgen.get('gift-shop')!.map(byteRate)) : NaN;
console.log(`Every built-in scenario, NDJSON to /dev/null, ${fmt(events)} events, median of ${rounds} interleaved rounds; ${machine()}`);
console.log('| scenario | bytes/event | clickgen events/s | MB/s | JSON.stringify-only events/s | ratio | bytes/s vs gift-shop | peak RSS |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const name of names) {
  const ours = clickgen.get(name)!;
  const theirs = reference.get(name)!;
  const mbps = median(ours.map(byteRate));
  const ratio = median(ours.map((o, i) => rate(o) / rate(theirs[i])));
  const vsGift = Number.isNaN(giftShopMBps) ? '' : `${Math.round((100 * mbps) / giftShopMBps)} %`;
  console.log(
    `| ${name} | ${Math.round(ours[0].bytes / ours[0].events)} | ${fmt(median(ours.map(rate)))} | ${mbps.toFixed(0)} | ${fmt(median(theirs.map(rate)))} | ${ratio.toFixed(2)}x | ${vsGift} | ${median(ours.map((o) => o.maxRssMB)).toFixed(0)} MB |`,
  );
}
