import type { Experiments } from '../engine/experiments.js';
import type { CompiledExperiment } from '../engine/model.js';

/**
 * What the experiments of a run counted, as one flat row of numbers: per experiment in order,
 * its arms' sessions, then their distinct users, then their conversions. A worker thread
 * posts rows of its engine's counts, and shards own disjoint users, so the rows of the
 * workers of a run add up to the row of one thread.
 */
export interface ExperimentTotals {
  readonly definitions: readonly CompiledExperiment[];
  /** The row as counted so far. */
  totals(): ArrayLike<number>;
}

/** Numbers in a row: three per arm of each experiment. */
export function armTotalsWidth(definitions: readonly CompiledExperiment[]): number {
  return definitions.reduce((sum, experiment) => sum + 3 * experiment.arms.length, 0);
}

/**
 * Writes the engine's counts so far as a row into `into` from `at`. A worker writes one per
 * record: plain loops over typed arrays, no closure.
 */
export function writeArmTotals(experiments: Experiments, into: Uint32Array, at: number): void {
  const all = experiments.counts;
  let o = at;
  for (let e = 0; e < all.length; e++) {
    const { sessions, users, converted } = all[e];
    const arms = sessions.length;
    for (let a = 0; a < arms; a++) {
      into[o + a] = sessions[a];
      into[o + arms + a] = users[a].size;
      into[o + 2 * arms + a] = converted[a];
    }
    o += 3 * arms;
  }
}

/** The engine's counts so far, as a row. */
export function armTotalsOf(experiments: Experiments): number[] {
  const row = new Uint32Array(armTotalsWidth(experiments.definitions));
  writeArmTotals(experiments, row, 0);
  return Array.from(row);
}

/** The counts of an engine's experiments, read when asked. */
export function engineTotals(experiments: Experiments): ExperimentTotals {
  return { definitions: experiments.definitions, totals: () => armTotalsOf(experiments) };
}

/** Rows of disjoint users' counts added up; an empty row (nothing counted) adds nothing. */
export function addRows(definitions: readonly CompiledExperiment[], rows: readonly ArrayLike<number>[]): number[] {
  const sum = new Array<number>(armTotalsWidth(definitions)).fill(0);
  for (const row of rows) for (let i = 0; i < row.length; i++) sum[i] += row[i];
  return sum;
}

/** Arm `a` of the experiment whose numbers start at `at` in a row: its sessions, users and conversions. */
export function armAt(row: ArrayLike<number>, at: number, arms: number, a: number): { sessions: number; users: number; converted: number } {
  return { sessions: row[at + a], users: row[at + arms + a], converted: row[at + 2 * arms + a] };
}
