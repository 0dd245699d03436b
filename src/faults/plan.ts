import type { Sampler } from '../random/distributions.js';
import { Rng } from '../random/prng.js';
import type { BadRecordKind, Drift } from '../scenario/schema.js';
import { faultBits, faultBitsFrom, Salt } from './decide.js';

/** An event's fate, as bits: dropped, delivered twice, written broken. */
export const DROP = 1;
export const DUPLICATE = 2;
export const BAD = 4;

/** Where the event being emitted stands in its session: set by the run's delivery as each event is made. */
export interface EventPosition {
  index: number;
}

/** A run's faults and answer-key settings, compiled from the scenario's `faults` and `answer_key`. */
export interface FaultPlan {
  readonly seed: number;
  readonly dropShare: number;
  readonly duplicateShare: number;
  /** Seconds after the first delivery that a duplicate comes again. */
  readonly duplicateDelay: Sampler;
  readonly badShare: number;
  /** Kinds of bad record asked for; null: every kind the output format can show. */
  readonly badKinds: readonly BadRecordKind[] | null;
  /** The per-window counts' window, ms. */
  readonly windowMs: number;
  /** Watermark delays, ms, in the order asked. */
  readonly watermarksMs: readonly number[];
  /** Purchases counted per window: their event type, and the output field of their revenue (null: counts only). */
  readonly purchases: { readonly event: string; readonly revenue: string | null; readonly decimals: number } | null;
  /** Schema drift (drift-run.ts), as the scenario lists it; empty without. */
  readonly drift: readonly Drift[];
  /** The settings as the scenario gave them, for the answer key. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly position: EventPosition;
  /** faultPrefix of the seed for the fate and for bad records. */
  readonly fatePrefix: number;
  readonly badPrefix: number;
}

const TWO_POW_32 = 4294967296;

/** The fate of event `index` of `session`: DROP, or DUPLICATE and/or BAD, or 0. */
export function fateOf(plan: FaultPlan, session: number, index: number): number {
  let fate = 0;
  if (plan.dropShare > 0 || plan.duplicateShare > 0) {
    // Drops take the top of the unit range and duplicates its bottom, so each share grows
    // into the middle: raising one only adds its faults, and a run without drops duplicates
    // the same events.
    const u = faultBitsFrom(plan.fatePrefix, session, index) / TWO_POW_32;
    if (u >= 1 - plan.dropShare) return DROP;
    if (u < plan.duplicateShare) fate = DUPLICATE;
  }
  if (plan.badShare > 0 && faultBitsFrom(plan.badPrefix, session, index) / TWO_POW_32 < plan.badShare) fate |= BAD;
  return fate;
}

/** The delay of a duplicate, ms (at least 1: a redelivery comes after the first). */
export function duplicateDelayMs(plan: FaultPlan, session: number, index: number): number {
  const word = (salt: number): number => faultBits(plan.seed, session, index, Salt.delay ^ salt);
  const rng = new Rng(word(1), word(2), word(3), word(4));
  return Math.max(1, Math.round(plan.duplicateDelay.sample(rng) * 1000));
}

/** Which of `kinds` a bad record is. */
export function badKindOf<T>(plan: FaultPlan, session: number, index: number, kinds: readonly T[]): T {
  return kinds[faultBits(plan.seed, session, index, Salt.kind) % kinds.length];
}
