/**
 * Vose's alias method: after O(n) set-up, each pick costs one draw and two array reads,
 * whatever the number of weights. Journeys pick their next state and catalogs pick
 * products with it, so the pick is on the hottest path of the simulator.
 */
import type { Rng } from './prng.js';

/**
 * Largest table. A pick uses one draw, not two (one for the column, one for the coin):
 * it halves the generator work on the hottest path. The 32-bit draw k, scaled by n,
 * gives the column as its integer part and the coin as its fractional part. Up to 2^21
 * entries k * n stays below 2^53, so the split is exact and each column gets about
 * 2^32 / n equally spaced coin values (at least 2048), which bounds how finely a
 * column's split between its own index and its alias is resolved.
 */
export const MAX_ALIAS_SIZE = 2 ** 21;

export class AliasTable {
  readonly size: number;
  /** Chance of keeping the column's own index rather than taking its alias. */
  private readonly keep: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new Error('alias table: no weights given');
    if (n > MAX_ALIAS_SIZE) throw new Error(`alias table: ${n} weights, at most ${MAX_ALIAS_SIZE}`);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!Number.isFinite(w)) throw new Error(`alias table: weight ${i} is ${w}, must be a finite number`);
      if (w < 0) throw new Error(`alias table: weight ${i} is ${w}, must be 0 or more`);
      if (w > max) max = w;
    }
    if (max === 0) throw new Error('alias table: all weights are 0, at least one must be positive');

    // Dividing by the largest weight first keeps the sum finite even for weights near
    // Number.MAX_VALUE; the sum is then at most n.
    const scaled = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = weights[i] / max;
      sum += scaled[i];
    }
    // Scale so that the average column holds exactly 1.
    for (let i = 0; i < n; i++) scaled[i] = (scaled[i] * n) / sum;

    this.size = n;
    this.keep = new Float64Array(n);
    this.alias = new Uint32Array(n);
    // Two stacks in one buffer: small entries grow from the front, large from the back.
    const work = new Uint32Array(n);
    let small = 0;
    let large = n;
    for (let i = 0; i < n; i++) {
      if (scaled[i] < 1) work[small++] = i;
      else work[--large] = i;
    }
    while (small > 0 && large < n) {
      const s = work[--small];
      const l = work[large++];
      this.keep[s] = scaled[s];
      this.alias[s] = l;
      // (l + s) - 1 loses less precision than l - (1 - s) when s is tiny.
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) work[small++] = l;
      else work[--large] = l;
    }
    // What is left holds 1 up to rounding. A zero weight is never left over: while one
    // remains unpaired, the other remaining entries share a whole column more than their
    // count, so some entry is above 1 by at least 1/n, far more than rounding can erase.
    while (large < n) this.keep[work[large++]] = 1;
    while (small > 0) this.keep[work[--small]] = 1;
  }

  /** An index in [0, size), with probability proportional to its weight. One draw. */
  pick(rng: Rng): number {
    const u = rng.next() * this.size;
    const column = Math.floor(u);
    return u - column < this.keep[column] ? column : this.alias[column];
  }
}
