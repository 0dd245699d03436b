import { faultPrefix, Salt } from '../faults/decide.js';
import type { FaultPlan } from '../faults/plan.js';
import { samplerFor } from './compile-distribution.js';
import type { AnswerKey, Faults } from './schema.js';

/** A duplicate comes again 1 to 60 seconds after the first delivery unless the scenario says. */
const DEFAULT_DUPLICATE_DELAY = { type: 'uniform', min: 1, max: 60 } as const;
const DEFAULT_WINDOW_SECONDS = 60;
/** Revenue is summed in cents unless the scenario says otherwise. */
const DEFAULT_REVENUE_DECIMALS = 2;

/**
 * The run's fault plan, when the scenario has `faults` or asks for windows (`answer_key`
 * with more than `purchases`, which says only what windows count); null otherwise.
 */
export function compileFaults(faults: Faults | undefined, answerKey: AnswerKey | undefined, seed: number): FaultPlan | null {
  if (faults === undefined && (answerKey === undefined || Object.keys(answerKey).every((key) => key === 'purchases'))) return null;
  const purchases = answerKey?.purchases;
  return {
    seed,
    dropShare: faults?.drop?.share ?? 0,
    duplicateShare: faults?.duplicates?.share ?? 0,
    duplicateDelay: samplerFor(faults?.duplicates?.delay ?? DEFAULT_DUPLICATE_DELAY),
    badShare: faults?.bad_records?.share ?? 0,
    badKinds: faults?.bad_records?.kinds ?? null,
    windowMs: Math.round((answerKey?.window ?? DEFAULT_WINDOW_SECONDS) * 1000),
    watermarksMs: (answerKey?.watermarks ?? []).map((seconds) => Math.round(seconds * 1000)),
    purchases: purchases === undefined ? null : { event: purchases.event, revenue: purchases.revenue ?? null, decimals: purchases.decimals ?? DEFAULT_REVENUE_DECIMALS },
    drift: faults?.drift ?? [],
    settings: faults ?? {},
    position: { index: 0 },
    fatePrefix: faultPrefix(seed, Salt.fate),
    badPrefix: faultPrefix(seed, Salt.bad),
  };
}
