import { streamFor } from '../random/prng.js';
import type { CompiledExperiment } from './model.js';
import type { Session } from './session.js';

/** What a run's experiments did: per experiment, per arm. */
export interface ArmCounts {
  /** Sessions that emitted an event, and distinct known users among them. */
  readonly sessions: Float64Array;
  readonly users: readonly Set<number>[];
  /** Sessions that emitted the experiment's goal event at least once. */
  readonly converted: Float64Array;
}

/**
 * Puts each session in one arm of every experiment and counts the arms. A user's arm is a
 * hash of (seed, experiment, user), so it is the same in all of their sessions and in every
 * shard, and no session's stream gives a draw for it: adding an experiment moves nothing else.
 * A session without a user is its own unit (hashed by its session number).
 */
export class Experiments {
  counts: readonly ArmCounts[];
  /** Which count is going on: a real-time run starts counting again after its history. */
  private epoch = 0;
  /** Per experiment: its place value in a session's variant, and its shares as a cumulative table. */
  private readonly strides: Float64Array;
  private readonly cumulative: readonly Float64Array[];
  /** Goal event types by Sym index, -1 without; a session's `reached` has bit i when it met experiment i's goal. */
  private readonly goals: Int32Array;

  constructor(
    /** The scenario's experiments, in order. */
    readonly definitions: readonly CompiledExperiment[],
    private readonly seed: number,
  ) {
    let stride = 1;
    this.strides = Float64Array.from(definitions, (e) => {
      const own = stride;
      stride *= e.arms.length;
      return own;
    });
    this.cumulative = definitions.map((e) => {
      let sum = 0;
      return Float64Array.from(e.arms, (arm) => (sum += arm.share));
    });
    this.goals = Int32Array.from(definitions, (e) => (e.goal === null ? -1 : e.goal.index));
    this.counts = this.zeroCounts();
  }

  /**
   * Counts from zero again: the history a real-time run simulates before its start is not in
   * the run. A session of the history counts again at its first event of the run.
   */
  restart(): void {
    this.epoch++;
    this.counts = this.zeroCounts();
  }

  /** Sets the session's variant: its arm in every experiment. */
  assign(session: Session): void {
    let variant = 0;
    for (let i = 0; i < this.definitions.length; i++) variant += this.armOf(i, session) * this.strides[i];
    session.variant = variant;
  }

  /** The session's arm in experiment i. */
  armIn(session: Session, i: number): number {
    return Math.floor(session.variant / this.strides[i]) % this.definitions[i].arms.length;
  }

  /** Counts an event the session emits. */
  count(session: Session, type: number): void {
    const first = session.counted !== this.epoch;
    if (first) {
      session.counted = this.epoch;
      session.reached = 0;
    }
    for (let i = 0; i < this.definitions.length; i++) {
      const arm = this.armIn(session, i);
      const counts = this.counts[i];
      if (first) {
        counts.sessions[arm]++;
        if (session.userIndex >= 0) counts.users[arm].add(session.userIndex);
      }
      if (this.goals[i] === type && (session.reached & (1 << i)) === 0) {
        session.reached |= 1 << i;
        counts.converted[arm]++;
      }
    }
  }

  private zeroCounts(): ArmCounts[] {
    return this.definitions.map((e) => ({ sessions: new Float64Array(e.arms.length), users: e.arms.map(() => new Set<number>()), converted: new Float64Array(e.arms.length) }));
  }

  private armOf(i: number, session: Session): number {
    const experiment = this.definitions[i];
    // Users and anonymous sessions hash in streams of their own, so user 5 and session 5 are apart.
    const anonymous = session.userIndex < 0;
    const u = streamFor(this.seed, anonymous ? (experiment.domain ^ 1) >>> 0 : experiment.domain, anonymous ? session.number : session.userIndex).next();
    const cumulative = this.cumulative[i];
    for (let arm = 0; arm < cumulative.length - 1; arm++) if (u < cumulative[arm]) return arm;
    return cumulative.length - 1;
  }
}
