import { hashName } from '../random/prng.js';
import { parseDuration, parseStart } from '../time/time-text.js';
import type { CompiledExperiment, CompiledWindow, FactorTable, Reweigh, StatePicker, WindowTime } from '../engine/model.js';
import type { SymTable } from '../engine/sym.js';
import { UsageError } from '../errors.js';
import { compileTransitions } from './compile-transitions.js';
import { reweighTransitions } from './reweigh.js';
import type { Experiment, TimelineWindow, TransitionFactors } from './schema-timeline.js';
import type { Scenario } from './schema.js';
import { nextOf } from './transitions.js';

/** A window's time as written: `+DURATION` after the run's start, or an ISO 8601 date-time; or why it is neither. */
export function parseWindowTime(text: string): WindowTime | string {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('+')) return { ms: parseDuration('', trimmed.slice(1)), afterStart: true };
    return { ms: parseStart('', trimmed), afterStart: false };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return `"${text}" is neither + and a duration after the run's start (+2h, +90m, +PT1H30M) nor an ISO 8601 date-time (2024-01-01T12:00:00Z)`;
  }
}

/** The scenario's timeline for the engine; null without one. Validation (rules-timeline.ts) has checked it. */
export function compileTimeline(windows: readonly TimelineWindow[] | undefined, syms: SymTable): CompiledWindow[] | null {
  if (windows === undefined || windows.length === 0) return null;
  return windows.map((window, index) => ({
    name: window.name ?? `timeline[${index}]`,
    path: `timeline[${index}]`,
    from: parseWindowTime(window.from) as WindowTime,
    to: parseWindowTime(window.to) as WindowTime,
    rate: window.rate !== undefined ? [window.rate, window.rate] : window.ramp !== undefined ? window.ramp : null,
    outage: window.outage === undefined ? null : window.outage === true ? 'all' : window.outage.map((type) => syms.get(type)),
    transitions: factorTable(window.transitions),
    settings: window,
  }));
}

/** The scenario's experiments for the engine; null without any. */
export function compileExperiments(experiments: Readonly<Record<string, Experiment>> | undefined, syms: SymTable): CompiledExperiment[] | null {
  if (experiments === undefined || Object.keys(experiments).length === 0) return null;
  return Object.entries(experiments).map(([name, experiment]) => ({
    name,
    domain: hashName(`experiment:${name}`),
    arms: Object.entries(experiment.arms).map(([arm, { share, transitions }]) => ({ name: syms.get(arm), share, transitions: factorTable(transitions) })),
    goal: experiment.goal === undefined ? null : syms.get(experiment.goal),
  }));
}

function factorTable(factors: TransitionFactors | undefined): FactorTable | null {
  if (factors === undefined) return null;
  return new Map(Object.entries(factors).map(([state, targets]) => [state, new Map(Object.entries(targets))]));
}

/**
 * Reweighs the transitions of a machine's state, as its segment's copy of the scenario
 * writes them (`nextOf`); throws with why the factors cannot apply.
 */
export function reweighFor(variants: readonly Scenario[]): Reweigh {
  return (machine, state, factors): StatePicker => {
    const scenario = variants[machine];
    const names = Object.keys(scenario.states);
    const def = scenario.states[names[state]];
    const next = reweighTransitions(nextOf(def), factors);
    if (typeof next === 'string') throw new Error(next);
    return compileTransitions(next, (name) => (name === 'end' ? -1 : names.indexOf(name)));
  };
}
