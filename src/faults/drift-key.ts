import type { Drift } from '../scenario/schema.js';
import { versionAt, type DriftVersion } from './drift-versions.js';

/** One drifted shape in the answer key (docs/answer-key.md). */
export interface DriftKeyEntry {
  version: number;
  /** From this event time on, records have this shape. */
  at: string;
  changes: Drift[];
  /** The 0-based position of the first record written with this shape; null when none was. */
  first_position: number | null;
  /** Records written with this shape. */
  records: number;
  /** With a schema registry: the id the records of this shape carry. */
  schema_id?: number;
  /** Records of an older shape written after the first of this one (late events from before the drift). */
  older_after_first: number;
}

/** Counts, as records are written, where each drifted shape first appears. */
export class DriftKey {
  private readonly times: number[];
  private readonly entries: DriftKeyEntry[];

  /** `schemaIds[k]`: the registry id of version k (0 the scenario's own), when records carry one. */
  constructor(versions: readonly DriftVersion[], schemaIds?: readonly number[]) {
    this.times = versions.map((v) => v.at);
    this.entries = versions.map((v) => ({
      version: v.version,
      at: new Date(v.at).toISOString(),
      changes: v.changes.map((c) => c.drift),
      first_position: null,
      records: 0,
      ...(schemaIds === undefined ? {} : { schema_id: schemaIds[v.version] }),
      older_after_first: 0,
    }));
  }

  /** The record at `position` has event time `time`. */
  written(time: number, position: number): void {
    this.writtenAs(versionAt(this.times, time), position);
  }

  /** The record at `position` has the shape of drift `version` (0: the scenario's own). */
  writtenAs(version: number, position: number): void {
    const entries = this.entries;
    // Every drift this record comes after (its first record written) and whose shape it does not have.
    for (let k = version; k < entries.length; k++) if (entries[k].first_position !== null) entries[k].older_after_first++;
    if (version === 0) return;
    const entry = entries[version - 1];
    if (entry.first_position === null) entry.first_position = position;
    entry.records++;
  }

  finish(): DriftKeyEntry[] {
    return this.entries;
  }
}
