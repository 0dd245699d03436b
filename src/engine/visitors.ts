import { Domain, streamFor, type Rng } from '../random/prng.js';
import type { CompiledPopulation } from './model.js';

/** Candidates drawn for a returning visitor before the last one is taken whatever its segment. */
const MAX_TRIES = 64;

/**
 * New and returning visitors. A session is a returning visitor's with the population's
 * `returning` share: a user of an earlier session from the same time zone, drawn
 * uniformly and kept with a chance proportional to their segment's `returns`, so loyal
 * segments make up more of the returning traffic. Otherwise it is a new visitor's, a
 * user never seen before.
 *
 * Visitors come and come back within their lane (src/engine/lanes.ts): a returning visitor
 * is a user of an earlier session of the same lane and zone, so a lane's users are a pure
 * function of (seed, lane) and one shard holds all of them.
 *
 * User indexes encode the zone and the lane: the k-th new visitor of zone z in lane l is
 * user (k × zones + z) × lanes + l. A user therefore keeps their zone (and what the
 * scenario derives from it) in every session, and nothing is stored per user: only a count
 * of new visitors per lane and zone.
 */
export class Visitors {
  private readonly seen: Float64Array;
  private readonly maxReturns: number;
  /** Sessions started so far per user index. */
  private visits = new Uint32Array(1024);

  constructor(
    private readonly population: CompiledPopulation,
    private readonly seed: number,
    private readonly zones: number,
    private readonly lanes: number,
  ) {
    this.seen = new Float64Array(zones * lanes);
    this.maxReturns = Math.max(...population.returns);
  }

  /**
   * Picks the user of a session of `lane` starting in `zone`; `returning` says whether they
   * came before, `visit` which of their sessions this is (1 for a new visitor).
   */
  pick(rng: Rng, zone: number, lane: number): { index: number; returning: boolean; visit: number } {
    const { zones, lanes } = this;
    const cell = lane * zones + zone;
    const seen = this.seen[cell];
    if (seen === 0 || rng.next() >= this.population.returning!) {
      this.seen[cell] = seen + 1;
      const index = (seen * zones + zone) * lanes + lane;
      return { index, returning: false, visit: this.countVisit(index) };
    }
    let index = 0;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      index = (Math.floor(rng.next() * seen) * zones + zone) * lanes + lane;
      if (rng.next() * this.maxReturns < this.population.returns[segmentOf(this.population, this.seed, index)]) break;
    }
    return { index, returning: true, visit: this.countVisit(index) };
  }

  private countVisit(index: number): number {
    if (index >= this.visits.length) {
      const grown = new Uint32Array(Math.max(index + 1, this.visits.length * 2));
      grown.set(this.visits);
      this.visits = grown;
    }
    return ++this.visits[index];
  }
}

/** The segment (machine index) of a user: the first draw of the user's own stream, as every session of theirs makes it. */
export function segmentOf(population: CompiledPopulation, seed: number, userIndex: number): number {
  return population.segments === null ? 0 : population.segments.pick(streamFor(seed, Domain.user, userIndex));
}
