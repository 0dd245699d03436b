/**
 * simulate()'s options, checked as the CLI checks its flags: a bad value is a UsageError
 * naming the option and what is valid, rather than a run that never ends, no events, or a
 * RangeError from deep inside.
 */
import { UsageError } from '../errors.js';
import { didYouMean } from '../scenario/suggest.js';
import type { ScenarioDocument } from '../scenario/scenario-document.js';
import { isDateMs, MAX_DATE_MS, parseDuration, parseStart } from '../time/time-text.js';

export interface SimulateOptions {
  /** A built-in scenario name, a scenario file, or a scenario object, whole or extending another (default: shop). */
  readonly scenario?: string | ScenarioDocument;
  /** Seed of the random streams (default: the scenario's seed). */
  readonly seed?: number;
  /** Stop after this many events (default: 1000 unless a duration is given). */
  readonly count?: number;
  /** Stop after this much simulated time: milliseconds, or text such as 'PT1H' or '15m'. */
  readonly duration?: number | string;
  /** Simulated start (default 2024-01-01T00:00:00Z, so results are reproducible). */
  readonly start?: Date | string | number;
  /**
   * Overrides, as `--set path=value` takes them (`['arrivals.rate=2']`), or as an object of
   * paths and values (`{ 'arrivals.rate': 2 }`).
   */
  readonly set?: readonly string[] | Readonly<Record<string, unknown>>;
  /** Environment variables that set the scenario's params of their names, below `set` (e.g. `process.env`); none by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Every option, in the order messages list them (a Record, so that the compiler asks for a new
 * option here). The type is closed: any other name is a mistake.
 */
const OPTION_NAMES = Object.keys({ scenario: true, seed: true, count: true, duration: true, start: true, set: true, env: true } satisfies Record<keyof SimulateOptions, true>);

/** The options as simulate() runs them: times in epoch milliseconds, overrides as `path=value` text. */
export interface CheckedOptions {
  readonly scenario: string | ScenarioDocument | undefined;
  readonly seed: number | undefined;
  readonly count: number | undefined;
  readonly start: number;
  /** Epoch milliseconds at which the run stops, or undefined for none. */
  readonly end: number | undefined;
  readonly overrides: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_START = Date.UTC(2024, 0, 1);
const DEFAULT_COUNT = 1000;

export function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw bad('options', options, "must be an object such as { scenario: 'shop', count: 100 }");
  // A mistyped name would otherwise be ignored, and the run take the default in its place.
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.includes(name));
  if (unknown !== undefined) throw new UsageError('BAD_FLAG', `unknown option "${unknown}"${didYouMean(unknown, OPTION_NAMES)}; options are ${OPTION_NAMES.join(', ')}`);
  const given = options as SimulateOptions;
  const start = startOf(given.start);
  const duration = durationOf(given.duration, start);
  const count = given.count === undefined ? (duration === undefined ? DEFAULT_COUNT : undefined) : given.count;
  if (count !== undefined && (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)) throw bad('count', count, 'must be a positive integer');
  const seed = given.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0)) throw bad('seed', seed, `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return { scenario: scenarioOf(given.scenario), seed, count, start, end: duration === undefined ? undefined : start + duration, overrides: overridesOf(given.set), env: envOf(given.env) };
}

function scenarioOf(scenario: unknown): string | ScenarioDocument | undefined {
  if (scenario === undefined || typeof scenario === 'string' || (scenario !== null && typeof scenario === 'object' && !Array.isArray(scenario))) return scenario as string | ScenarioDocument | undefined;
  throw bad('scenario', scenario, 'must be a built-in scenario name, a .yaml/.json file or a scenario object');
}

function startOf(start: unknown): number {
  if (start === undefined) return DEFAULT_START;
  if (typeof start === 'string') return parseStart('start', start);
  const ms = start instanceof Date ? start.getTime() : start;
  if (typeof ms === 'number' && Number.isInteger(ms) && isDateMs(ms)) return ms;
  throw bad('start', start, "must be a Date, epoch milliseconds (a whole number from -8.64e15 to 8.64e15) or ISO 8601 text such as '2024-01-01T00:00:00Z'");
}

/** Milliseconds, rounded as the text form rounds them ('0.4ms' is as empty as '0s'). */
function durationOf(duration: unknown, start: number): number | undefined {
  if (duration === undefined) return undefined;
  const ms = typeof duration === 'string' ? parseDuration('duration', duration) : typeof duration === 'number' ? Math.round(duration) : NaN;
  if (!(ms >= 1 && Number.isFinite(ms))) throw bad('duration', duration, "must be milliseconds longer than 0 (at least 1), or text such as '90s' or 'PT1H'");
  // Beyond the last date, events have no timestamp and a run without a count would not end.
  if (!isDateMs(start + ms)) throw bad('duration', duration, `ends the run after ${new Date(MAX_DATE_MS).toISOString()}, the last date a timestamp can hold; give a shorter duration or an earlier start`);
  return ms;
}

/** `{ 'arrivals.rate': 2 }` as `['arrivals.rate=2']`: JSON values are YAML, as --set reads them. */
function overridesOf(set: unknown): readonly string[] {
  if (set === undefined) return [];
  if (Array.isArray(set)) {
    for (const [i, override] of (set as unknown[]).entries()) {
      if (typeof override !== 'string') throw bad(`set[${i}]`, override, "must be 'path=value' text, e.g. 'arrivals.rate=2'");
    }
    return set as string[];
  }
  if (set === null || typeof set !== 'object') throw bad('set', set, "must be ['path=value', ...] or { path: value }");
  return Object.entries(set).map(([path, value]) => {
    // JSON would write these as null, or not at all: the override would set something else.
    if (typeof value === 'number' && !Number.isFinite(value)) throw bad(`set[${JSON.stringify(path)}]`, value, 'must be a finite number (or a string, boolean, null, list or object)');
    const json = JSON.stringify(value);
    if (json === undefined) throw bad(`set[${JSON.stringify(path)}]`, value, 'must be a number, string, boolean, null, list or object');
    return `${path}=${json}`;
  });
}

function envOf(env: unknown): Readonly<Record<string, string | undefined>> {
  if (env === undefined) return {};
  if (env === null || typeof env !== 'object' || Array.isArray(env)) throw bad('env', env, 'must be an object of environment variables, such as process.env');
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && typeof value !== 'string') throw bad(`env.${name}`, value, 'must be text, as in process.env');
  }
  return env as Readonly<Record<string, string | undefined>>;
}

function bad(option: string, value: unknown, valid: string): UsageError {
  return new UsageError('BAD_FLAG', `${option} ${shown(value)}: ${valid}`);
}

/** A value as a message shows it: text quoted, so that '3' is not taken for 3. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  return String(value);
}
