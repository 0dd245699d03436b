import { eventBits, sessionHash } from './decide.js';
import { BAD, DROP, DUPLICATE, type FaultPlan } from './plan.js';

/** Sessions whose hashes are kept, by the low bits of their number: sessions open at once have numbers close together. */
const SLOTS = 1 << 13;
const MASK = SLOTS - 1;
const TWO_POW_32 = 4294967296;

/**
 * fateOf (plan.ts) for the events of a run, with each session's half of the two hashes kept:
 * an event then hashes only its index, a third of the work, which was most of what faults
 * cost per event.
 */
export class Fates {
  private readonly sessions = new Float64Array(SLOTS).fill(-1);
  private readonly fateHashes = new Uint32Array(SLOTS);
  private readonly badHashes = new Uint32Array(SLOTS);
  private readonly dropShare: number;
  /** Drop and duplicate share, the upper end of "duplicated". */
  private readonly fateShare: number;
  private readonly badShare: number;

  constructor(private readonly plan: FaultPlan) {
    this.dropShare = plan.dropShare;
    this.fateShare = plan.dropShare + plan.duplicateShare;
    this.badShare = plan.badShare;
  }

  /** The fate of event `index` of `session`: DROP, or DUPLICATE and/or BAD, or 0; the same as fateOf. */
  of(session: number, index: number): number {
    const slot = session & MASK;
    if (this.sessions[slot] !== session) {
      this.sessions[slot] = session;
      this.fateHashes[slot] = sessionHash(this.plan.fatePrefix, session);
      this.badHashes[slot] = sessionHash(this.plan.badPrefix, session);
    }
    let fate = 0;
    if (this.fateShare > 0) {
      const u = eventBits(this.fateHashes[slot], index) / TWO_POW_32;
      if (u < this.dropShare) return DROP;
      if (u < this.fateShare) fate = DUPLICATE;
    }
    if (this.badShare > 0 && eventBits(this.badHashes[slot], index) / TWO_POW_32 < this.badShare) fate |= BAD;
    return fate;
  }
}
