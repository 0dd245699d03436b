import { UsageError } from '../errors.js';
import type { PathKey } from './paths.js';
import { didYouMean } from './suggest.js';

/**
 * A path into a state the scenario does not have (`states.hom.next.search`) is a typo: set,
 * it would make a new state of one key, which only a warning (unreachable) would show. A
 * whole new state (`states.extra={...}`) may be meant, and is left to the scenario's checks.
 */
export function checkStateExists(raw: Record<string, unknown>, path: readonly PathKey[], name: string, code: 'BAD_SET' | 'SCENARIO_INVALID' = 'BAD_SET'): void {
  const states = raw.states;
  if (path[0] !== 'states' || path.length < 3 || states === null || typeof states !== 'object' || Array.isArray(states)) return;
  const state = String(path[1]);
  if (Object.hasOwn(states, state)) return;
  const names = Object.keys(states);
  throw new UsageError(code, `${name}: no state "${state}"${didYouMean(state, names)}; the scenario's states are ${names.join(', ')}`);
}
