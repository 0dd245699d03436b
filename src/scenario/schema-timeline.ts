import { z } from 'zod';

/**
 * Traffic timelines and experiments (docs/scenario-format.md#timeline): windows of time that
 * change how much traffic comes and how users behave, and A/B(/n) experiments that change
 * how the users of each arm behave. Kept apart from schema.ts: only they use these parts.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((v) => v >= 0, 'must be at least 0');
const probability = finite.refine((v) => v >= 0 && v <= 1, 'must be between 0 and 1');

/** `+2h` (after the run's start; shorthand or ISO 8601 duration, `+PT90M`) or an ISO 8601 date-time. */
const WindowTimeSchema = z.string().min(1).meta({ description: 'An ISO 8601 date-time (2024-01-01T12:00:00Z), or + and a duration after the run\'s start (+2h, +90m, +PT1H30M).' });

/**
 * Factors on transition probabilities, by state and next state (`end` for leaving):
 * `{ checkout: { purchase: 1.5 } }` makes checkout → purchase 1.5 times as likely, and the
 * state's other outcomes give up that share in proportion.
 */
export const TransitionFactorsSchema = z.record(z.string(), z.record(z.string(), nonNegative));
export type TransitionFactors = z.infer<typeof TransitionFactorsSchema>;

/** One window of a timeline: its time, a label, and one change. */
export const TimelineWindowSchema = z.strictObject({
  /** A label for the answer key (default `timeline[INDEX]`). */
  name: z.string().min(1).optional(),
  /** Start of the window, included. */
  from: WindowTimeSchema,
  /** End of the window, excluded. */
  to: WindowTimeSchema,
  /** Sessions arrive this many times as often (a campaign spike: 3). */
  rate: nonNegative.optional(),
  /** The arrival multiplier goes in a straight line from the first value at `from` to the second at `to`. */
  ramp: z.tuple([nonNegative, nonNegative]).optional(),
  /**
   * `true`: nothing happens (no session starts, and a session in progress ends at its first
   * event in the window); or the event types that fail (a session ends at such an event, unwritten).
   */
  outage: z.union([z.literal(true), z.array(z.string().min(1)).min(1)], { error: 'must be true (no events at all) or a list of event types that fail' }).optional(),
  /** Factors on transition probabilities while the window lasts. */
  transitions: TransitionFactorsSchema.optional(),
});
export type TimelineWindow = z.infer<typeof TimelineWindowSchema>;

export const TimelineSchema = z.array(TimelineWindowSchema);

/** One arm of an experiment: its share of the users and its true effect. */
const ArmSchema = z.strictObject({
  share: probability,
  /** The arm's true effect: factors on transition probabilities for its users (none for a control arm). */
  transitions: TransitionFactorsSchema.optional(),
});

/**
 * An A/B(/n) experiment: each user is in one arm, in every session, by a hash of (seed,
 * experiment, user); `experiment.NAME` is the arm's name as a field value.
 */
export const ExperimentSchema = z.strictObject({
  /** The event type whose sessions count as converted in the answer key (e.g. purchase). */
  goal: z.string().min(1).optional(),
  arms: z.record(z.string().min(1), ArmSchema).refine((arms) => Object.keys(arms).length >= 2, 'an experiment needs at least two arms'),
});
export type Experiment = z.infer<typeof ExperimentSchema>;

export const ExperimentsSchema = z.record(z.string().min(1), ExperimentSchema);
