import { Domain, streamFor } from '../random/prng.js';
import { ArrivalProcess, ZoneWeights } from './arrivals.js';
import { IntervalArrivals, type ArrivalSource } from './interval-arrivals.js';
import type { SimulationModel } from './model.js';
import { shardOfLane, type Shard } from './shards.js';
import type { Timeline } from './timeline.js';

/** Lanes of a run whose users are split: the most shards that each get work. */
export const LANES = 64;
/** The largest concurrency cap that becomes one lane per session slot. */
const MAX_WORKER_LANES = 4096;

/**
 * How a run's sessions are split into lanes, the unit a shard owns.
 *
 * A split run gives each lane an arrival process of its own, at the lane's share of the
 * scenario's rate (Poisson processes add up: the lanes together arrive at exactly the
 * scenario's rate and curves), and the lane's arrivals pick users of that lane only. A shard
 * then runs its own lanes and nothing else. With a concurrency cap, every session slot is a
 * lane that runs one session at a time (a worker), so the cap holds whatever the split.
 *
 * Some scenarios cannot be split: gaps between session starts drawn from a distribution (a
 * renewal process, not Poisson), users picked in sequence or with a skew (their lanes would
 * need the pick over all users), a cap that a schedule changes or that retries, and run-wide
 * counters. They keep one arrival process; a shard draws every arrival and its user and
 * skips the other lanes' sessions, or walks them without writing when sessions share state.
 */
export interface LanePlan {
  /** Lanes that users fall into: user u is in lane u mod count. */
  readonly count: number;
  /** Whether each lane has an arrival process of its own (else one process for the run). */
  readonly split: boolean;
  /** Whether a lane runs one session at a time (the concurrency cap as workers). */
  readonly oneAtATime: boolean;
  /** Whether a shard walks the other shards' sessions without writing them (shared state). */
  readonly shadows: boolean;
}

export function planLanes(model: SimulationModel): LanePlan {
  const { arrivals, population } = model;
  const capped = arrivals.maxConcurrent < Number.MAX_SAFE_INTEGER;
  const splittable = arrivals.interarrival === null && population.uniformPick && model.counterCount === 0;
  if (splittable && !capped) return { count: LANES, split: true, oneAtATime: false, shadows: false };
  const workers = arrivals.capAt(0);
  if (splittable && !arrivals.capVaries && arrivals.retryMs === 0 && workers <= MAX_WORKER_LANES) return { count: workers, split: true, oneAtATime: true, shadows: false };
  return { count: LANES, split: false, oneAtATime: false, shadows: capped || model.counterCount > 0 };
}

/** One lane: its arrival process and the session it is about to start. */
export class Lane {
  /** The pending arrival, epoch ms. */
  next: number;
  /** When the pending arrival may start: its time, or later while the lane's session runs. */
  ready: number;
  /** Sessions started so far. */
  arrivals = 0;
  /** The pending arrival's session number: unique in the run, the same in every shard. */
  number: number;
  /** Whether the lane's session runs (one-at-a-time lanes only). */
  busy = false;

  constructor(
    /** The lane's number, 0 for the one lane of a run that is not split. */
    readonly index: number,
    readonly source: ArrivalSource,
    /** The arrival process when it gives zones: the pending arrival's zone is its `zone`. */
    readonly zoned: ArrivalProcess | null,
    /** The lane's part of the scenario's rate. */
    readonly share: number,
    /** Users of a fixed pool in the lane: index, index + lanes, ... (the whole pool for one lane; unused for visitors). */
    readonly users: number,
    /** Chance that an arrival of this lane is anonymous. */
    readonly anonymousRate: number,
    start: number,
  ) {
    // The run's first session arrives at its start, in lane 0; the others follow the process.
    this.next = index === 0 ? start : source.next();
    this.ready = this.next;
    this.number = index;
  }
}

/**
 * The lanes a run (or a shard of it) simulates, ordered by when their pending arrival may
 * start and then by its session number: the order of the single run, whatever the split.
 */
export class Lanes {
  /** The lanes simulated here, by lane number. */
  private readonly lanes = new Map<number, Lane>();
  private readonly heap: Lane[] = [];

  constructor(
    model: SimulationModel,
    readonly plan: LanePlan,
    start: number,
    scale: number,
    shard: Shard | null,
    /** The timeline whose multiplier arrivals follow (their clock, see timeline.ts); null for none. */
    clock: Timeline | null = null,
  ) {
    const { arrivals, seed } = model;
    const zoneWeights = arrivals.zones === null ? null : new ZoneWeights(arrivals);
    const laneCount = plan.split ? plan.count : 1;
    for (let index = 0; index < laneCount; index++) {
      if (plan.split && shard !== null && shardOfLane(index, shard.count) !== shard.index) continue;
      const rng = streamFor(seed, Domain.arrivals, index);
      const { share, users, anonymousRate } = laneShare(model, index, laneCount);
      if (share <= 0) continue;
      const process = arrivals.interarrival === null ? new ArrivalProcess(arrivals, rng, start, scale * share, zoneWeights, clock) : null;
      const source = process ?? new IntervalArrivals(arrivals.interarrival!, rng, start, scale, clock);
      const lane = new Lane(index, source, arrivals.zones === null ? null : process, share, users, anonymousRate, start);
      this.lanes.set(index, lane);
      this.heap.push(lane);
    }
    this.heapify();
  }

  /** The lane whose pending arrival starts first, if any. */
  peek(): Lane | undefined {
    return this.heap[0];
  }

  /** The top lane's pending arrival has started a session: draws its next one. */
  advance(lane: Lane): void {
    lane.arrivals++;
    lane.number = this.plan.split ? lane.arrivals * this.plan.count + lane.index : lane.arrivals;
    lane.next = lane.source.next();
    if (this.plan.oneAtATime) {
      lane.busy = true;
      this.removeTop();
      return;
    }
    lane.ready = lane.next;
    this.siftDown(0);
  }

  /** A one-at-a-time lane's session ended at `now`: its pending arrival may start from then. */
  release(index: number, now: number): void {
    const lane = this.lanes.get(index)!;
    lane.busy = false;
    lane.ready = Math.max(lane.next, now);
    this.heap.push(lane);
    this.siftUp(this.heap.length - 1);
  }

  /** Every slot is taken: the top lane's arrival looks again `ms` later. */
  retry(lane: Lane, ms: number): void {
    lane.next += ms;
    lane.source.resumeAt(lane.next);
    lane.ready = lane.next;
    this.siftDown(0);
  }

  /** Changes the rate multiplier from `now` on; pending arrivals after `now` are drawn again. */
  rescale(scale: number, now: number): void {
    for (const lane of this.lanes.values()) {
      const laneScale = this.plan.split ? scale * lane.share : scale;
      if (lane.next > now) {
        lane.source.rescale(laneScale, now);
        lane.next = lane.source.next();
      } else lane.source.rescale(laneScale);
      if (!lane.busy) lane.ready = lane.next;
    }
    this.heapify();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0 && last !== this.heap[0]) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private heapify(): void {
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const lane = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(lane, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = lane;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const lane = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], lane)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = lane;
  }
}

function before(a: Lane, b: Lane): boolean {
  return a.ready < b.ready || (a.ready === b.ready && a.number < b.number);
}

/**
 * A lane's part of the rate: its users' part of the known users' sessions, plus an equal part
 * of the anonymous ones. Visitors (no fixed pool) are new or returning within their lane, so
 * every lane has an equal part.
 */
function laneShare(model: SimulationModel, index: number, lanes: number): { share: number; users: number; anonymousRate: number } {
  const { population } = model;
  const anonymous = population.anonymousRate;
  if (lanes === 1 || population.returning !== null) return { share: 1 / lanes, users: population.users, anonymousRate: anonymous };
  const users = index < population.users ? Math.floor((population.users - 1 - index) / lanes) + 1 : 0;
  const share = ((1 - anonymous) * users) / population.users + anonymous / lanes;
  return { share, users, anonymousRate: share > 0 ? anonymous / lanes / share : 0 };
}
