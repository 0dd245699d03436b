import { checkDistribution, type RuleProblem } from './rules.js';
import type { Delivery, Distribution } from './schema.js';

/** Delays are waits: a distribution that can only give negative numbers is a mistake. */
export function checkDelivery(delivery: Delivery, errors: RuleProblem[]): void {
  const check = (d: Distribution, key: string): void => {
    const path = ['delivery', key];
    checkDistribution(d, path, errors);
    const lowest = d.type === 'constant' ? d.value : d.type === 'uniform' ? d.min : d.type === 'normal' ? d.mean : 0;
    if (lowest < 0) errors.push({ path, message: `delays are seconds after the event and cannot be negative; this one starts at ${lowest}` });
  };
  check(delivery.late_delay, 'late_delay');
  if (delivery.on_time_delay) check(delivery.on_time_delay, 'on_time_delay');
}
