import type { Transition } from './schema.js';
import { transitionGuard, transitionWeight } from './transitions.js';

const SUM_TOLERANCE = 1e-9;

/**
 * A state's next-state probabilities with factors applied: each named outcome (a next state,
 * or `end` for the share that leaves) is multiplied by its factor, and the outcomes not named
 * give up or take the difference in proportion, so they still add up to 1. Returns the new
 * transitions (`end` stays the rest), or why the factors cannot apply.
 */
export function reweighTransitions(next: Readonly<Record<string, Transition>>, factors: ReadonlyMap<string, number>): Record<string, Transition> | string {
  const entries = Object.entries(next).filter(([name]) => name !== 'end');
  const endWeight = Math.max(0, 1 - entries.reduce((sum, [, t]) => sum + transitionWeight(t), 0)) + (next.end === undefined ? 0 : transitionWeight(next.end));
  const weights = new Map<string, number>([...entries.map(([name, t]) => [name, transitionWeight(t)] as const), ['end', endWeight]]);
  let named = 0;
  let scaled = 0;
  for (const [target, factor] of factors) {
    const weight = weights.get(target) ?? 0;
    named += weight;
    scaled += weight * factor;
  }
  if (scaled > 1 + SUM_TOLERANCE) {
    const terms = [...factors].map(([target, factor]) => `${target} ${round(weights.get(target) ?? 0)} × ${round(factor)}`).join(' + ');
    return `the factors push the probabilities past 1 (${terms} = ${round(scaled)}); at most 1 in all`;
  }
  const rest = 1 - named;
  if (rest <= SUM_TOLERANCE && Math.abs(scaled - 1) > SUM_TOLERANCE) {
    return `every outcome has a factor, so none is left to take up the difference (they add up to ${round(scaled)}, not 1); leave one outcome without a factor`;
  }
  const others = rest <= SUM_TOLERANCE ? 1 : (1 - scaled) / rest;
  const out: Record<string, Transition> = {};
  for (const [name, t] of entries) {
    const weight = transitionWeight(t) * (factors.get(name) ?? others);
    const guard = transitionGuard(t);
    out[name] = guard === null ? weight : { p: weight, when: guard };
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
