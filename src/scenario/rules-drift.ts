import { UsageError } from '../errors.js';
import { parseDuration, parseStart } from '../time/time-text.js';
import type { RuleProblem } from './rules.js';
import type { Drift, Scenario } from './schema.js';
import { didYouMean } from './suggest.js';

/** A drift's time: an event time (epoch ms), or an offset (ms) after the run's start. */
export type DriftTime = { readonly absolute: number } | { readonly offset: number };

/** `2024-01-01T00:10:00Z` or `+10m` / `+PT10M`; throws UsageError naming `where`. */
export function parseDriftTime(where: string, text: string): DriftTime {
  const trimmed = text.trim();
  try {
    return trimmed.startsWith('+') ? { offset: parseDuration(where, trimmed.slice(1)) } : { absolute: parseStart(where, trimmed) };
  } catch {
    throw new UsageError('SCENARIO_INVALID', `${where} ${text}: not a drift time; give an ISO 8601 event time (2024-01-01T00:10:00Z) or +DURATION after the run's start (+10m, +PT1H)`);
  }
}

/**
 * The checks a drift list needs beyond its schema, change by change in list order (each
 * sees the fields the earlier ones left): its time reads, its field is one the records have
 * by then, a rename keeps the field in its object and takes a free name, an added field
 * takes a free name.
 */
export function checkDrift(scenario: Scenario, drifts: readonly Drift[], errors: RuleProblem[]): void {
  const fields = new Set([...Object.keys(scenario.fields), ...Object.values(scenario.states).flatMap((state) => Object.keys(state.fields ?? {}))]);
  drifts.forEach((drift, i) => {
    const path = ['faults', 'drift', i];
    try {
      parseDriftTime('at', drift.at);
    } catch (error) {
      errors.push({ path: [...path, 'at'], message: (error as Error).message.replace(/^at /, '') });
    }
    if (drift.change === 'add') {
      const clash = clashOf(drift.field, fields);
      if (clash !== null) errors.push({ path: [...path, 'field'], message: `"${drift.field}" ${clash}; an added field needs a free name` });
      else fields.add(drift.field);
      return;
    }
    if (!fields.has(drift.field)) {
      errors.push({ path: [...path, 'field'], message: `no field "${drift.field}" in the records at this point${didYouMean(drift.field, [...fields])}; fields are ${[...fields].join(', ')}` });
      return;
    }
    if (drift.change === 'remove') fields.delete(drift.field);
    if (drift.change !== 'rename') return;
    if (parentOf(drift.to) !== parentOf(drift.field)) {
      errors.push({ path: [...path, 'to'], message: `"${drift.to}" moves the field out of its object; a rename keeps the part before the last dot (${parentOf(drift.field) === '' ? 'no dot' : `"${parentOf(drift.field)}."`})` });
      return;
    }
    fields.delete(drift.field);
    const clash = clashOf(drift.to, fields);
    if (clash !== null) {
      errors.push({ path: [...path, 'to'], message: `"${drift.to}" ${clash}; rename to a free name` });
      fields.add(drift.field);
      return;
    }
    fields.add(drift.to);
  });
}

/** Why `name` cannot be a new field among `fields`, or null. */
function clashOf(name: string, fields: ReadonlySet<string>): string | null {
  if (fields.has(name)) return 'is already a field';
  if (name.split('.').some((part) => part === '')) return 'has an empty part between dots';
  for (const field of fields) {
    if (field.startsWith(`${name}.`)) return `is the object of field "${field}"`;
    if (name.startsWith(`${field}.`)) return `nests inside field "${field}", which is a value`;
  }
  return null;
}

function parentOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(0, dot);
}
