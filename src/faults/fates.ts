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
  /** The shares as bounds of a 32-bit hash: `hash / 2^32 < share` is `hash < share * 2^32`, exactly, without a division. */
  private readonly dropBelow: number;
  /** Drop and duplicate share, the upper end of "duplicated". */
  private readonly fateBelow: number;
  private readonly badBelow: number;

  constructor(private readonly plan: FaultPlan) {
    this.dropBelow = plan.dropShare * TWO_POW_32;
    this.fateBelow = (plan.dropShare + plan.duplicateShare) * TWO_POW_32;
    this.badBelow = plan.badShare * TWO_POW_32;
  }

  /** The fate of event `index` of `session`: DROP, or DUPLICATE and/or BAD, or 0; the same as fateOf. */
  of(session: number, index: number): number {
    const slot = session & MASK;
    if (this.sessions[slot] !== session) this.remember(slot, session);
    let fate = 0;
    if (this.fateBelow > 0) {
      const bits = eventBits(this.fateHashes[slot], index);
      if (bits < this.dropBelow) return DROP;
      if (bits < this.fateBelow) fate = DUPLICATE;
    }
    if (this.badBelow > 0 && eventBits(this.badHashes[slot], index) < this.badBelow) fate |= BAD;
    return fate;
  }

  /** Keeps the session's halves of the hashes, in the slot of a session no longer open. */
  private remember(slot: number, session: number): void {
    this.sessions[slot] = session;
    this.fateHashes[slot] = sessionHash(this.plan.fatePrefix, session);
    this.badHashes[slot] = sessionHash(this.plan.badPrefix, session);
  }
}
