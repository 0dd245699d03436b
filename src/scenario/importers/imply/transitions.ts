import type { PathKey } from '../../paths.js';
import { SUM_TOLERANCE } from './machine.js';
import { describe, isNumber, isObject, type Json, type Problems } from './reader.js';

/**
 * A state's `transitions`: a non-empty list of {next, probability}, probabilities in
 * (0, 1] summing to 1 within 0.01. They are normalised to sum to exactly 1, as the
 * original's weighted choice does; repeated targets add up. `resolve` maps a target to
 * its key in the result, or null when no state has that name.
 */
export function readTransitions(
  raw: Json,
  path: readonly PathKey[],
  problems: Problems,
  resolve: (target: string) => string | null,
  valid: string,
): Map<string, number> | null {
  const list = raw.transitions;
  const at = [...path, 'transitions'];
  if (!Array.isArray(list) || list.length === 0) {
    problems.error(list === undefined ? path : at, list === undefined ? 'missing required key "transitions" (a non-empty list of {next, probability})' : 'transitions must be a non-empty list of {next, probability}');
    return null;
  }
  const weights = new Map<string, number>();
  let sum = 0;
  let ok = true;
  list.forEach((t, i) => {
    const where = [...at, i];
    if (!isObject(t)) {
      problems.error(where, 'a transition must be an object {next, probability}');
      ok = false;
      return;
    }
    const p = t.probability;
    if (!isNumber(p) || p <= 0 || p > 1) {
      problems.error(p === undefined ? where : [...where, 'probability'], `probability must be a number greater than 0 and at most 1, got ${describe(p)}`);
      ok = false;
    }
    if (typeof t.next !== 'string') {
      problems.error(t.next === undefined ? where : [...where, 'next'], `next must be a state name, got ${describe(t.next)}`);
      ok = false;
      return;
    }
    const target = resolve(t.next);
    if (target === null) {
      problems.error([...where, 'next'], `transition to undefined state "${t.next}"; states are ${valid}`);
      ok = false;
      return;
    }
    if (isNumber(p) && p > 0 && p <= 1) {
      weights.set(target, (weights.get(target) ?? 0) + p);
      sum += p;
    }
  });
  if (!ok) return null;
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    problems.error(at, `transition probabilities sum to ${Math.round(sum * 1e4) / 1e4}; they must sum to 1 (within ${SUM_TOLERANCE})`);
    return null;
  }
  for (const [target, w] of weights) weights.set(target, w / sum);
  return weights;
}
