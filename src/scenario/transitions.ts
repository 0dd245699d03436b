import type { Guard, State, Then, Transition } from './schema.js';

/** The probability a transition is written with, guarded or not. */
export function transitionWeight(t: Transition): number {
  return typeof t === 'number' ? t : t.p;
}

/** The condition a transition waits for, or null. */
export function transitionGuard(t: Transition): Guard | null {
  return typeof t === 'number' ? null : t.when;
}

/** Whether a guard holds for a cart of `cartSize` items. */
export function guardHolds(guard: Guard, cartSize: number): boolean {
  return guard === 'cart_empty' ? cartSize === 0 : cartSize > 0;
}

/** The states a `then` can lead to. */
export function thenTargets(then: Then): string[] {
  return typeof then === 'string' ? [then] : [...new Set([...Object.values(then.cases), then.default])];
}

/** A state's transitions: `next` as written, or `next_weights` scaled to probabilities that add up to 1; each of `then`'s targets as certain. */
export function nextOf(def: State): Readonly<Record<string, Transition>> {
  if (def.then !== undefined) return Object.fromEntries(thenTargets(def.then).map((target) => [target, 1]));
  if (def.next_weights === undefined) return def.next ?? {};
  const total = Object.values(def.next_weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(def.next_weights).map(([target, weight]) => [target, weight / total]));
}
