import type { PathKey } from './paths.js';
import { parseWindowTime } from './compile-timeline.js';
import { reweighTransitions } from './reweigh.js';
import type { RuleProblem } from './rules.js';
import type { TransitionFactors } from './schema-timeline.js';
import type { Scenario, State } from './schema.js';
import { nextOf } from './transitions.js';
import { didYouMean } from './suggest.js';

const SUM_TOLERANCE = 1e-9;
/** A session keeps one bit per experiment for whether it reached the goal. */
const MAX_EXPERIMENTS = 30;

/** The kinds of change a window makes: exactly one each. */
const CHANGES = ['rate', 'ramp', 'outage', 'transitions'] as const;

/**
 * Checks the timeline and the experiments against the rest of the scenario: names of states,
 * next states and event types, window times, shares, and factors that would push a
 * probability past 1. What depends on the run's start (a window before it, overlaps of
 * windows given one by date and one by offset) is checked when the run starts (engine/timeline.ts).
 */
export function checkTimelineRules(scenario: Scenario, errors: RuleProblem[]): void {
  const eventTypes = [...new Set(Object.entries(scenario.states).flatMap(([name, def]) => (def.event === null ? [] : [def.event ?? name])))];
  (scenario.timeline ?? []).forEach((window, index) => {
    const path: PathKey[] = ['timeline', index];
    const changes = CHANGES.filter((change) => window[change] !== undefined);
    if (changes.length !== 1) {
      errors.push({ path, message: `${changes.length === 0 ? 'changes nothing' : `has ${changes.join(' and ')}`}: give one change per window, one of ${CHANGES.join(', ')} (windows may overlap)` });
    }
    const from = parseWindowTime(window.from);
    const to = parseWindowTime(window.to);
    if (typeof from === 'string') errors.push({ path: [...path, 'from'], message: from });
    if (typeof to === 'string') errors.push({ path: [...path, 'to'], message: to });
    if (typeof from !== 'string' && typeof to !== 'string' && from.afterStart === to.afterStart && to.ms <= from.ms) {
      errors.push({ path: [...path, 'to'], message: `${window.to} is not after from (${window.from}); a window ends after it starts` });
    }
    if (Array.isArray(window.outage)) {
      window.outage.forEach((type, i) => {
        if (!eventTypes.includes(type)) errors.push({ path: [...path, 'outage', i], message: `unknown event type "${type}"${didYouMean(type, eventTypes)}; event types are ${eventTypes.join(', ')}` });
      });
    }
    if (window.transitions !== undefined) checkFactors(scenario, window.transitions, [...path, 'transitions'], errors);
  });
  const experiments = Object.entries(scenario.experiments ?? {});
  if (experiments.length > MAX_EXPERIMENTS) errors.push({ path: ['experiments'], message: `${experiments.length} experiments; at most ${MAX_EXPERIMENTS}` });
  for (const [name, experiment] of experiments) {
    const path: PathKey[] = ['experiments', name];
    const total = Object.values(experiment.arms).reduce((sum, arm) => sum + arm.share, 0);
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      errors.push({ path: [...path, 'arms'], message: `shares add up to ${Math.round(total * 1e6) / 1e6}; every user is in one arm, so they must add up to 1` });
    }
    if (experiment.goal !== undefined && !eventTypes.includes(experiment.goal)) {
      errors.push({ path: [...path, 'goal'], message: `unknown event type "${experiment.goal}"${didYouMean(experiment.goal, eventTypes)}; event types are ${eventTypes.join(', ')}` });
    }
    for (const [arm, { transitions }] of Object.entries(experiment.arms)) {
      if (transitions !== undefined) checkFactors(scenario, transitions, [...path, 'arms', arm, 'transitions'], errors);
    }
  }
}

function checkFactors(scenario: Scenario, factors: TransitionFactors, path: PathKey[], errors: RuleProblem[]): void {
  const states = Object.keys(scenario.states);
  for (const [state, targets] of Object.entries(factors)) {
    const def = scenario.states[state] as State | undefined;
    if (def === undefined) {
      errors.push({ path: [...path, state], message: `unknown state "${state}"${didYouMean(state, states)}; states are ${states.join(', ')}` });
      continue;
    }
    if (def.then !== undefined) {
      errors.push({ path: [...path, state], message: `state ${state} takes its next state without a draw (then): there is no probability to change` });
      continue;
    }
    const next = nextOf(def);
    const outcomes = [...Object.keys(next).filter((name) => name !== 'end'), 'end'];
    const unknown = Object.keys(targets).filter((target) => !outcomes.includes(target));
    for (const target of unknown) {
      errors.push({ path: [...path, state, target], message: `state ${state} does not lead to "${target}"${didYouMean(target, outcomes)}; its outcomes are ${outcomes.join(', ')}` });
    }
    if (unknown.length > 0) continue;
    const reweighed = reweighTransitions(next, new Map(Object.entries(targets)));
    if (typeof reweighed === 'string') errors.push({ path: [...path, state], message: reweighed });
  }
}

/** Known `experiment.NAME` references. */
export function experimentRefs(scenario: Scenario): string[] {
  return Object.keys(scenario.experiments ?? {}).map((name) => `experiment.${name}`);
}
