/**
 * Events per second of the `cart` scenario's simulation with and without late delivery:
 * the cost of drawing processing times and releasing events in processing-time order.
 * Run: node --import tsx bench/delivery-order.ts
 * Each figure is the median of 5 timed rounds of 500,000 events after a warm-up round.
 */
import { DeliveryOrder } from '../src/engine/delivery-order.js';
import { Engine } from '../src/engine/engine.js';
import type { EventView } from '../src/engine/event.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/load.js';

const EVENTS = 500_000;
const ROUNDS = 5;

const loaded = loadScenario('cart');
const late = compileScenario(loaded.scenario, 2);
const onTime = compileScenario({ ...loaded.scenario, delivery: undefined }, 2);

const cases: [string, () => { next(): EventView | null }][] = [
  ['engine, no delivery', () => new Engine(onTime, { start: 0, count: EVENTS })],
  ['engine + delivery order, 5% late by 10-120 s', () => new DeliveryOrder(new Engine(late, { start: 0, count: EVENTS }))],
];

let checksum = 0;
function eventsPerSecond(open: () => { next(): EventView | null }): number {
  const source = open();
  const start = process.hrtime.bigint();
  let n = 0;
  for (let e = source.next(); e !== null; e = source.next()) {
    checksum += e.time;
    n++;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

// Rounds alternate between the cases, so a busy moment of the machine hits both alike.
for (const [, open] of cases) eventsPerSecond(open);
const figures = cases.map((): number[] => []);
for (let round = 0; round < ROUNDS; round++) cases.forEach(([, open], i) => figures[i].push(eventsPerSecond(open)));
cases.forEach(([name], i) => {
  const sorted = figures[i].sort((a, b) => a - b);
  console.log(`${name.padEnd(48)} ${Math.round(sorted[ROUNDS >> 1]).toLocaleString('en-US').padStart(12)} events/s`);
});
if (checksum === 0) console.log('no events');
