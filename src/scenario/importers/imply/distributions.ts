import type { Distribution, TimedDistribution } from '../../schema.js';
import type { PathKey } from '../../paths.js';
import { isObject, numberAt, type Problems } from './reader.js';

/**
 * Imply distributions in clickgen terms. The original samples `uniform` on
 * [min, max + 1): truncated to integers that is min..max inclusive, and every shipped
 * config's ranges and timer lengths rely on it, so the conversion keeps it.
 */

const KNOWN = 'constant, uniform, exponential, normal';

/** A distribution of plain numbers (values, indexes, lengths). */
export function readDistribution(raw: unknown, path: readonly PathKey[], problems: Problems): Distribution | null {
  return read(raw, path, problems, false) as Distribution | null;
}

/** A distribution of seconds that may follow a weekly profile (gmm_temporal): arrival gaps, delays, timers. */
export function readTimedDistribution(raw: unknown, path: readonly PathKey[], problems: Problems): TimedDistribution | null {
  return read(raw, path, problems, true);
}

function read(raw: unknown, path: readonly PathKey[], problems: Problems, timed: boolean): TimedDistribution | null {
  if (!isObject(raw)) {
    problems.error(path, 'a distribution must be an object with a "type"');
    return null;
  }
  if (typeof raw.type !== 'string') {
    problems.error(path, `distribution missing required key "type" (${KNOWN}${timed ? ', gmm_temporal' : ''})`);
    return null;
  }
  const what = `${raw.type} distribution`;
  switch (raw.type.toLowerCase()) {
    case 'constant': {
      const value = numberAt(raw, 'value', path, problems, what);
      return value === null ? null : { type: 'constant', value };
    }
    case 'uniform': {
      const min = numberAt(raw, 'min', path, problems, what);
      const max = numberAt(raw, 'max', path, problems, what);
      if (min === null || max === null) return null;
      if (min > max) {
        problems.error([...path, 'min'], `uniform min (${min}) must be at most max (${max})`);
        return null;
      }
      return { type: 'uniform', min, max: max + 1 };
    }
    case 'exponential': {
      const mean = positive(raw, 'mean', path, problems, what);
      return mean === null ? null : { type: 'exponential', mean };
    }
    case 'normal': {
      const mean = numberAt(raw, 'mean', path, problems, what);
      const stddev = positive(raw, 'stddev', path, problems, what);
      return mean === null || stddev === null ? null : { type: 'normal', mean, stddev };
    }
    case 'gmm_temporal':
      if (!timed) {
        problems.error([...path, 'type'], 'gmm_temporal needs the clock: it is valid for interarrival, state delays and timer states, not for values');
        return null;
      }
      return readGmm(raw, path, problems);
    default:
      problems.error([...path, 'type'], `unknown distribution type "${raw.type}"; known: ${KNOWN}${timed ? ', gmm_temporal' : ''}`);
      return null;
  }
}

function positive(raw: Record<string, unknown>, key: string, path: readonly PathKey[], problems: Problems, what: string): number | null {
  const value = numberAt(raw, key, path, problems, what);
  if (value === null) return null;
  if (value <= 0) {
    problems.error([...path, key], `${what}: ${key} must be greater than 0, got ${value}`);
    return null;
  }
  return value;
}

type Days = Extract<TimedDistribution, { type: 'gmm_temporal' }>['days'];

/** The `days` of a weekly profile: keys "1" (Monday) to "7", each a list of {utc_hour, sigma, weight}. */
export function readGmmDays(raw: unknown, path: readonly PathKey[], problems: Problems): Days | null {
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    problems.error(path, 'days must be a non-empty object with keys "1" (Monday) to "7" (Sunday)');
    return null;
  }
  const days: Record<string, { utc_hour: number; sigma: number; weight: number }[]> = {};
  let ok = true;
  for (const [key, components] of Object.entries(raw)) {
    const where = [...path, key];
    if (!/^[1-7]$/.test(key)) {
      problems.error(where, `day key "${key}" must be "1" (Monday) to "7" (Sunday)`);
      ok = false;
      continue;
    }
    if (!Array.isArray(components) || components.length === 0) {
      problems.error(where, 'must be a non-empty list of {utc_hour, sigma, weight}');
      ok = false;
      continue;
    }
    days[key] = [];
    components.forEach((c, i) => {
      const at = [...where, i];
      if (!isObject(c)) {
        problems.error(at, 'must be an object {utc_hour, sigma, weight}');
        ok = false;
        return;
      }
      const utcHour = numberAt(c, 'utc_hour', at, problems, 'gmm_temporal component');
      const sigma = numberAt(c, 'sigma', at, problems, 'gmm_temporal component');
      const weight = numberAt(c, 'weight', at, problems, 'gmm_temporal component');
      if (sigma !== null && sigma <= 0) problems.error([...at, 'sigma'], `sigma must be greater than 0, got ${sigma}`);
      if (utcHour === null || sigma === null || sigma <= 0 || weight === null) ok = false;
      else days[key].push({ utc_hour: utcHour, sigma, weight });
    });
  }
  return ok ? (days) : null;
}

function readGmm(raw: Record<string, unknown>, path: readonly PathKey[], problems: Problems): TimedDistribution | null {
  const mean = positive(raw, 'mean', path, problems, 'gmm_temporal distribution');
  if (raw.days === undefined) {
    problems.error(path, 'gmm_temporal distribution missing required key "days"');
    return null;
  }
  const days = readGmmDays(raw.days, [...path, 'days'], problems);
  return mean === null || days === null ? null : { type: 'gmm_temporal', mean, days };
}

