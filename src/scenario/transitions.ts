import type { Guard, Then, Transition } from './schema.js';

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
