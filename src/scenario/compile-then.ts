import type { CompiledTransitions } from './compile-transitions.js';
import { compileValue, type ValueContext } from './compile-values.js';
import type { Then } from './schema.js';

/**
 * A state's `then`: the next state without a draw, so a state a vocabulary inserts (GA4's
 * first_visit, add_payment_info) leaves the session's stream where the scenario had it.
 * `{ match, cases, default }` picks by a value the session already holds.
 */
export function compileThen(then: Then, index: (name: string) => number, ctx: ValueContext, where: string): CompiledTransitions {
  const none = { targets: new Int32Array(0), transitions: null };
  if (typeof then === 'string') {
    const target = index(then);
    return { ...none, choose: () => target };
  }
  const value = compileValue({ ref: then.match }, ctx, `${where}.match`).evaluate;
  const cases = new Map(Object.entries(then.cases).map(([key, target]) => [key, index(target)]));
  const otherwise = index(then.default);
  return { ...none, choose: (s) => cases.get(`${value(s) as string | number | boolean | null}`) ?? otherwise };
}
