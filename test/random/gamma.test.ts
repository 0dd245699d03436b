import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gamma, logGamma } from '../../src/random/gamma.js';

test('gamma matches known values to 1e-13', () => {
  const known: [number, number][] = [
    [1, 1],
    [5, 24],
    [0.5, Math.sqrt(Math.PI)],
    [1.5, Math.sqrt(Math.PI) / 2],
    [0.1, 9.513507698668732],
    [10.5, 1133278.3889487854],
  ];
  for (const [x, value] of known) {
    assert.ok(Math.abs(gamma(x) / value - 1) < 1e-13, `gamma(${x}) = ${gamma(x)}, expected ${value}`);
  }
});

test('logGamma stays finite where gamma overflows', () => {
  assert.equal(gamma(200), Infinity);
  // ln Γ(200) = ln(199!).
  assert.ok(Math.abs(logGamma(200) - 857.9336698258575) < 1e-9, `logGamma(200) = ${logGamma(200)}`);
});
