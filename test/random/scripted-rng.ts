import { Rng } from '../../src/random/prng.js';

/**
 * An Rng whose 32-bit outputs are chosen by the test, to reach draws a random stream
 * almost never produces (0, 2^32 - 1, exact column boundaries) or to sweep a grid.
 * Everything above nextU32 (next, nextOpen, int) is the real code.
 */
export class ScriptedRng extends Rng {
  private step = 0;
  constructor(private readonly output: (step: number) => number) {
    super(1, 2, 3, 4);
  }
  override nextU32(): number {
    return this.output(this.step++) >>> 0;
  }
}
