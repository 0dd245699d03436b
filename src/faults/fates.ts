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
  /**
   * The shares as bounds of a 32-bit hash: `hash / 2^32 < share` is `hash < share * 2^32`,
   * exactly, without a division. Drops take the top of the range, duplicates its bottom.
   */
  private readonly dropFrom: number;
  private readonly duplicateBelow: number;
  private readonly badBelow: number;
  /** Whether anything is dropped or duplicated. */
  private readonly delivering: boolean;

  constructor(private readonly plan: FaultPlan) {
    this.dropFrom = (1 - plan.dropShare) * TWO_POW_32;
    this.duplicateBelow = plan.duplicateShare * TWO_POW_32;
    this.badBelow = plan.badShare * TWO_POW_32;
    this.delivering = plan.dropShare > 0 || plan.duplicateShare > 0;
  }

  /** The fate of event `index` of `session`: DROP, or DUPLICATE and/or BAD, or 0; the same as fateOf. */
  of(session: number, index: number): number {
    const slot = session & MASK;
    if (this.sessions[slot] !== session) this.remember(slot, session);
    let fate = 0;
    if (this.delivering) {
      const bits = eventBits(this.fateHashes[slot], index);
      if (bits >= this.dropFrom) return DROP;
      if (bits < this.duplicateBelow) fate = DUPLICATE;
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
