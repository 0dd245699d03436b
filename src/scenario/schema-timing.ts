import { z } from 'zod';

/**
 * Time-dependent parts of the scenario format: the weekly `gmm_temporal` profile (for
 * session inter-arrival gaps and state delays) and schedules that scale the concurrency
 * cap over the week. Kept apart from schema.ts because only timing uses them.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be greater than 0');
const nonNegative = finite.refine((v) => v >= 0, 'must be at least 0');

const GmmComponentSchema = z.strictObject({
  /** Centre of the bump, hours after midnight UTC. */
  utc_hour: finite,
  /** Width, hours. */
  sigma: positive,
  weight: finite,
});

const day = z.enum(['1', '2', '3', '4', '5', '6', '7']);

/** Components per ISO weekday "1" (Monday) to "7" (Sunday); a missing day borrows the nearest earlier one. */
export const GmmDaysSchema = z
  .partialRecord(day, z.array(GmmComponentSchema).min(1))
  .refine((days) => Object.keys(days).length > 0, 'must define at least one day, "1" (Monday) to "7" (Sunday)');

export const GmmTemporalSchema = z
  .strictObject({ type: z.literal('gmm_temporal'), mean: positive, days: GmmDaysSchema })
  .meta({ description: 'Exponential gaps with mean `mean / profile(t)`, the profile a sum of Gaussian bumps over the hour of day per weekday (UTC).' });
export type GmmTemporal = z.infer<typeof GmmTemporalSchema>;

/** Scales `arrivals.max_concurrent` over time: the cap is max(1, floor(max_concurrent × multiplier(t))). */
export const ConcurrencyScheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), value: nonNegative }),
  z.strictObject({ type: z.literal('gmm_temporal'), days: GmmDaysSchema }),
]);
export type ConcurrencySchedule = z.infer<typeof ConcurrencyScheduleSchema>;

/** When every concurrency slot is taken: `wait` starts the pending session as soon as one ends; `retry_after` looks again that many seconds later. */
export const WhenFullSchema = z.union([z.literal('wait'), z.strictObject({ retry_after: positive })]);
