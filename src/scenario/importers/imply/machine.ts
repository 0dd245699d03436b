import type { TimedDistribution } from '../../schema.js';
import type { PathKey } from '../../paths.js';
import type { ReadDimension } from './dimensions.js';

/** Where a transition leads when the worker stops (old format `stop`, new format `event:end`). */
export const END = '\u0000end';

/** A state of either config format, in one shape. */
export interface ImportedState {
  readonly name: string;
  readonly path: readonly PathKey[];
  /** The emitter whose record the state writes, or null for a silent state. */
  readonly emitter: string | null;
  /** Variables set on entering, before the delay. */
  readonly enter: readonly ReadDimension[];
  /** Seconds waited before the variables and the record. */
  readonly delay: TimedDistribution | null;
  /** Variables set after the delay, before the record. */
  readonly set: readonly ReadDimension[];
  /** Next state name (or END) → probability, normalised to sum to 1; empty for an end state. */
  readonly next: ReadonlyMap<string, number>;
}

/** The journey of one worker, in either format. */
export interface ImportedMachine {
  readonly format: 'legacy' | 'typed';
  readonly states: readonly ImportedState[];
  readonly initial: string;
  /** Seconds between worker starts. */
  readonly interarrival: TimedDistribution;
}

/** Largest gap allowed between the sum of a state's transition probabilities and 1. */
export const SUM_TOLERANCE = 0.01;
