import { checkDistribution, type RuleProblem } from './rules.js';
import type { Delivery, Distribution, Faults } from './schema.js';

/** Delays are waits: a distribution that can only give negative numbers is a mistake. */
export function checkDelivery(delivery: Delivery, errors: RuleProblem[]): void {
  checkDelay(delivery.late_delay, ['delivery', 'late_delay'], errors);
  if (delivery.on_time_delay) checkDelay(delivery.on_time_delay, ['delivery', 'on_time_delay'], errors);
}

/** An event is dropped or delivered twice, not both: the two shares share one draw. */
export function checkFaults(faults: Faults, errors: RuleProblem[]): void {
  if (faults.duplicates?.delay) checkDelay(faults.duplicates.delay, ['faults', 'duplicates', 'delay'], errors);
  const drop = faults.drop?.share ?? 0;
  const duplicates = faults.duplicates?.share ?? 0;
  if (drop + duplicates > 1) errors.push({ path: ['faults', 'drop', 'share'], message: `with duplicates.share ${duplicates}, at most ${1 - duplicates}: a record is either dropped or duplicated` });
}

function checkDelay(d: Distribution, path: string[], errors: RuleProblem[]): void {
  checkDistribution(d, path, errors);
  const lowest = d.type === 'constant' ? d.value : d.type === 'uniform' ? d.min : d.type === 'normal' ? d.mean : 0;
  if (lowest < 0) errors.push({ path, message: `delays are seconds after the event and cannot be negative; this one starts at ${lowest}` });
}
