/**
 * Draws per second of the sampling primitives on the hot path.
 * Run: node --import tsx bench/random.ts
 * Each figure is the median of 5 timed rounds of 5,000,000 draws after a warm-up.
 */
import { AliasTable } from '../src/random/alias.js';
import { exponential, normal, zipf } from '../src/random/distributions.js';
import { streamFor, type Rng } from '../src/random/prng.js';

const DRAWS = 5_000_000;
const ROUNDS = 5;

const weightRng = streamFor(1, 99, 0);
const table = new AliasTable(Array.from({ length: 100 }, () => 1 + weightRng.int(1000)));
const exp = exponential(2);
const gauss = normal(0, 1);
const ranks = zipf(10_000, 1.1);

const cases: [string, (rng: Rng) => number][] = [
  ['next()', (rng) => rng.next()],
  ['AliasTable.pick (100 weights)', (rng) => table.pick(rng)],
  ['exponential', (rng) => exp.sample(rng)],
  ['normal', (rng) => gauss.sample(rng)],
  ['zipf(10000, 1.1)', (rng) => ranks.sample(rng)],
];

// Summing the draws keeps the loop from being optimised away.
let checksum = 0;

function drawsPerSecond(draw: (rng: Rng) => number): number {
  const rng = streamFor(1, 99, 1);
  const start = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < DRAWS; i++) sum += draw(rng);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  checksum += sum;
  return DRAWS / seconds;
}

// Warm the shared loop with every case first, so that each figure includes the same
// megamorphic call, as a sampler call in the engine does, rather than favouring the first.
for (const [, draw] of cases) drawsPerSecond(draw);

for (const [name, draw] of cases) {
  const rates = Array.from({ length: ROUNDS }, () => drawsPerSecond(draw)).sort((a, b) => a - b);
  const median = rates[Math.floor(ROUNDS / 2)];
  console.log(`${name.padEnd(32)} ${(median / 1e6).toFixed(1).padStart(7)} M draws/s`);
}
console.log(`(checksum ${checksum.toPrecision(6)})`);
