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
 * User indexes encode the zone: the k-th new visitor of zone z is user k × zones + z. A
 * user therefore keeps their zone (and what the scenario derives from it) in every
 * session. Per user only a count of their sessions is kept (GA4's ga_session_number):
 * every shard picks every session's user, so the counts agree across shards.
 */
export class Visitors {
  private readonly seen: Float64Array;
  private readonly maxReturns: number;
  /** Sessions started so far per user index. */
  private visits = new Uint32Array(1024);

  constructor(
    private readonly population: CompiledPopulation,
    private readonly seed: number,
    zones: number,
  ) {
    this.seen = new Float64Array(zones);
    this.maxReturns = Math.max(...population.returns);
  }

  /**
   * Picks the user of a session starting in `zone`; `returning` says whether they came
   * before, `visit` which of their sessions this is (1 for a new visitor).
   */
  pick(rng: Rng, zone: number): { index: number; returning: boolean; visit: number } {
    const zones = this.seen.length;
    const seen = this.seen[zone];
    if (seen === 0 || rng.next() >= this.population.returning!) {
      this.seen[zone] = seen + 1;
      const index = seen * zones + zone;
      return { index, returning: false, visit: this.countVisit(index) };
    }
    let index = 0;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      index = Math.floor(rng.next() * seen) * zones + zone;
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
