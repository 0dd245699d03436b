import type { RuleProblem } from './rules.js';
import type { Scenario } from './schema.js';
import { didYouMean } from './suggest.js';

/** The answer key's purchases name an event type the scenario writes and one of its output fields. */
export function checkAnswerKey(scenario: Scenario, errors: RuleProblem[]): void {
  const purchases = scenario.answer_key?.purchases;
  if (purchases === undefined) return;
  const types = [...new Set(Object.entries(scenario.states).flatMap(([name, state]) => (state.event === null ? [] : [state.event ?? name])))];
  if (!types.includes(purchases.event)) {
    errors.push({ path: ['answer_key', 'purchases', 'event'], message: `unknown event type "${purchases.event}"${didYouMean(purchases.event, types)}; event types are ${types.join(', ')}` });
  }
  // Output fields: the scenario's, and those a state adds.
  const fields = [...new Set([...Object.keys(scenario.fields), ...Object.values(scenario.states).flatMap((state) => Object.keys(state.fields ?? {}))])];
  if (purchases.revenue !== undefined && !fields.includes(purchases.revenue)) {
    errors.push({ path: ['answer_key', 'purchases', 'revenue'], message: `unknown field "${purchases.revenue}"${didYouMean(purchases.revenue, fields)}; fields are ${fields.join(', ')}` });
  }
}
