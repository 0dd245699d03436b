import { UsageError } from '../errors.js';
import { parseDriftTime } from '../scenario/rules-drift.js';
import type { Drift } from '../scenario/schema.js';

/** One drifted shape of the records: from event time `at` (epoch ms) on, `changes` apply on top of the versions before. */
export interface DriftVersion {
  /** 1 for the first drift, 2 for the next, ...; version 0 is the scenario's own shape. */
  readonly version: number;
  readonly at: number;
  /** The scenario's entries, each with its index in `faults.drift`. */
  readonly changes: readonly { readonly index: number; readonly drift: Drift }[];
}

/**
 * The drift list at the run's event times: `+DURATION` is counted from `start`. Entries at
 * the same time make one version. Refused (exit 2): a list out of time order, and a time
 * outside the run, [start, end) (without an end, from start on); `where` names the scenario.
 */
export function driftVersions(drifts: readonly Drift[], start: number, end: number | undefined, where: string): DriftVersion[] {
  const versions: { version: number; at: number; changes: { index: number; drift: Drift }[] }[] = [];
  drifts.forEach((drift, index) => {
    const path = `${where}: faults.drift[${index}].at`;
    const time = parseDriftTime(path, drift.at);
    const at = 'offset' in time ? start + time.offset : time.absolute;
    const run = `the run is ${iso(start)} to ${end === undefined ? 'its end' : iso(end)}`;
    if (at <= start || (end !== undefined && at >= end)) {
      throw new UsageError('SCENARIO_INVALID', `${path}: ${drift.at} (${iso(at)}) is outside the run: ${run}; a drift time is after the start and before the end`);
    }
    const last = versions.at(-1);
    if (last !== undefined && at < last.at) throw new UsageError('SCENARIO_INVALID', `${path}: ${drift.at} is before the drift above it (${iso(last.at)}); list drifts in time order`);
    if (last !== undefined && at === last.at) last.changes.push({ index, drift });
    else versions.push({ version: versions.length + 1, at, changes: [{ index, drift }] });
  });
  return versions;
}

/** The version in force at event time `time`: the number of drift times at or before it. */
export function versionAt(times: readonly number[], time: number): number {
  let version = 0;
  while (version < times.length && time >= times[version]) version++;
  return version;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
