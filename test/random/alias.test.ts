import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AliasTable, MAX_ALIAS_SIZE } from '../../src/random/alias.js';
import { streamFor } from '../../src/random/prng.js';
import { ScriptedRng } from './scripted-rng.js';
import { chiSquare, chiSquareCritical999 } from './stats.js';

const DRAWS = 200_000;

test('picks follow the weights (chi-square, 90 categories, 200,000 draws, p = 0.001)', () => {
  // Uneven weights with every tenth one zero; the smallest expected count is about 40.
  const weightRng = streamFor(7, 900, 0);
  const weights = Array.from({ length: 100 }, (_, i) => (i % 10 === 3 ? 0 : 10 + weightRng.int(991)));
  const table = new AliasTable(weights);
  const counts = new Float64Array(weights.length);
  const rng = streamFor(7, 900, 1);
  for (let k = 0; k < DRAWS; k++) counts[table.pick(rng)]++;

  const total = weights.reduce((a, b) => a + b, 0);
  const observed: number[] = [];
  const expected: number[] = [];
  weights.forEach((w, i) => {
    if (w === 0) {
      assert.equal(counts[i], 0, `zero-weight index ${i} was picked`);
    } else {
      observed.push(counts[i]);
      expected.push((DRAWS * w) / total);
    }
  });
  const statistic = chiSquare(observed, expected);
  const critical = chiSquareCritical999(observed.length - 1); // df 89: 136.04
  assert.ok(statistic < critical, `chi-square ${statistic} >= ${critical}`);
});

// Over a grid of M draws, each column's coin is resolved to within n/M, so every
// probability is reproduced to within (n + 1)/M: a check of the table itself, free of
// sampling noise, that reaches skewed weights a chi-square test cannot.
test('the table encodes the exact probabilities, skewed weights included', () => {
  const cases = [
    [1000, ...Array<number>(99).fill(1)],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    [0, 0, 5, 0, 1e-3, 0, 1e6],
    [3],
  ];
  const points = 2 ** 22;
  for (const weights of cases) {
    const table = new AliasTable(weights);
    // Midpoints of M equal cells of the 32-bit range.
    const rng = new ScriptedRng((k) => (k + 0.5) * (2 ** 32 / points));
    const counts = new Float64Array(weights.length);
    for (let k = 0; k < points; k++) counts[table.pick(rng)]++;
    const total = weights.reduce((a, b) => a + b, 0);
    const tolerance = (weights.length + 1) / points;
    weights.forEach((w, i) => {
      const frequency = counts[i] / points;
      assert.ok(
        Math.abs(frequency - w / total) <= tolerance,
        `weights ${weights.length}, index ${i}: frequency ${frequency}, probability ${w / total}`,
      );
      if (w === 0) assert.equal(counts[i], 0);
    });
  }
});

test('draws on column boundaries never pick a zero weight', () => {
  // With a power-of-two size, draws of c * 2^32 / n give a coin of exactly 0 in column c.
  const weights = [0, 1, 0, 2, 0, 0, 3, 0];
  const table = new AliasTable(weights);
  const edges = [0, 1, 2 ** 32 - 1, ...weights.map((_, c) => (c * 2 ** 32) / weights.length)];
  const rng = new ScriptedRng((k) => edges[k % edges.length]);
  for (let k = 0; k < edges.length; k++) {
    const i = table.pick(rng);
    assert.ok(weights[i] > 0, `draw ${edges[k]} picked index ${i}`);
  }
});

const weightArb = fc.oneof(
  fc.constant(0),
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.integer({ min: 1, max: 1000 }),
);

test('picks are in range and never a zero-weight index', () => {
  fc.assert(
    fc.property(
      fc.array(weightArb, { minLength: 1, maxLength: 300, size: 'max' }).filter((ws) => ws.some((w) => w > 0)),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      (weights, seed) => {
        const table = new AliasTable(weights);
        assert.equal(table.size, weights.length);
        const rng = streamFor(seed, 901, 0);
        for (let k = 0; k < 200; k++) {
          const i = table.pick(rng);
          assert.ok(Number.isInteger(i) && i >= 0 && i < weights.length, `pick ${i}`);
          assert.ok(weights[i] > 0, `picked index ${i} with weight ${weights[i]}`);
        }
      },
    ),
  );
});

test('a single positive weight among zeros is always picked', () => {
  const positiveArb = fc.double({ min: 1e-300, max: 1e300, noNaN: true });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), positiveArb, (n, at, w) => {
      const weights = Array<number>(n).fill(0);
      weights[at % n] = w;
      const table = new AliasTable(weights);
      const rng = streamFor(at, 902, n);
      for (let k = 0; k < 100; k++) assert.equal(table.pick(rng), at % n);
    }),
  );
});

test('bad weights are refused with a message naming the problem', () => {
  assert.throws(() => new AliasTable([]), /no weights/);
  assert.throws(() => new AliasTable([1, -2]), /weight 1 is -2, must be 0 or more/);
  assert.throws(() => new AliasTable([0, 0]), /all weights are 0/);
  assert.throws(() => new AliasTable([1, NaN]), /weight 1 is NaN, must be a finite number/);
  assert.throws(() => new AliasTable([Infinity]), /weight 0 is Infinity/);
  assert.throws(() => new AliasTable(Array<number>(MAX_ALIAS_SIZE + 1).fill(1)), /at most 2097152/);
});
