import type { SimulationModel } from '../engine/model.js';
import type { Sym } from '../engine/sym.js';
import { placeWindows, type PlacedWindow } from '../engine/timeline.js';
import { armAt, type ExperimentTotals } from './arm-totals.js';

/** A timeline window in the answer key: where it fell in the run, what it changed, and the events written in it. */
export interface TimelineWindowKey {
  name: string;
  from: string;
  to: string;
  /** What the window changes, as the scenario gives it: rate, ramp, outage or transitions. */
  change: Readonly<Record<string, unknown>>;
  /** Events written with an event time in [from, to), by type. */
  events: number;
  events_by_type: Record<string, number>;
}

/** An arm in the answer key: its share, its true effect, and what its users did. */
export interface ArmKey {
  share: number;
  /** The true effect: factors on transition probabilities, by state and next state ({} for none). */
  transitions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  users: number;
  sessions: number;
  /** Sessions that emitted the goal event; null without a goal. */
  converted: number | null;
  /** converted ÷ sessions; null without a goal or sessions. */
  conversion: number | null;
}

export interface ExperimentKey {
  goal: string | null;
  arms: Record<string, ArmKey>;
}

/** Whether a run of `scenario` has timeline or experiment parts in its answer key. */
export function keysChanges(scenario: Pick<SimulationModel, 'timeline' | 'experiments'>): boolean {
  return scenario.timeline !== null || scenario.experiments !== null;
}

/** The answer key's parts for the timeline and the experiments (docs/answer-key.md). */
export interface TimelineKeyParts {
  timeline?: TimelineWindowKey[];
  experiments?: Record<string, ExperimentKey>;
}

/**
 * Counts the records written in each timeline window, and reads the experiments' counts
 * from the engine, or the engines of a run's worker threads (sessions and users per arm,
 * sessions that reached the goal). The experiments count simulated sessions, as the key's
 * `sessions` does. The windows are the scenario's, placed at the run's start: a rate
 * schedule keeps some of them out of the engine.
 */
export class TimelineKey {
  private readonly placed: readonly PlacedWindow[];
  private readonly from: Float64Array;
  private readonly to: Float64Array;
  private readonly counts: Map<Sym, number>[];

  constructor(
    scenario: SimulationModel,
    start: number,
    private readonly experiments: ExperimentTotals | null,
    /** How far a live run moved its times to the wall clock, ms: its windows move with them. */
    private readonly shift: () => number = () => 0,
  ) {
    const placed = (this.placed = placeWindows(scenario, start));
    this.from = Float64Array.from(placed, (p) => p.from);
    this.to = Float64Array.from(placed, (p) => p.to);
    this.counts = placed.map(() => new Map<Sym, number>());
  }

  /** One record written: its type and event time as written. */
  add(type: Sym, written: number): void {
    const time = written - this.shift();
    for (let i = 0; i < this.from.length; i++) {
      if (time >= this.from[i] && time < this.to[i]) this.counts[i].set(type, (this.counts[i].get(type) ?? 0) + 1);
    }
  }

  finish(): TimelineKeyParts {
    const parts: TimelineKeyParts = {};
    const experiments = this.experiments;
    const shift = this.shift();
    if (this.placed.length > 0) {
      parts.timeline = this.placed.map(({ window, from, to }, i) => {
        const change = Object.fromEntries(Object.entries(window.settings).filter(([key]) => !PLACE_KEYS.includes(key)));
        const byType = [...this.counts[i]].map(([type, n]) => [type.text, n] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
        return { name: window.name, from: iso(from + shift), to: iso(to + shift), change, events: byType.reduce((sum, [, n]) => sum + n, 0), events_by_type: Object.fromEntries(byType) };
      });
    }
    if (experiments !== null) {
      const row = experiments.totals();
      let at = 0;
      parts.experiments = Object.fromEntries(
        experiments.definitions.map((experiment) => {
          const count = experiment.arms.length;
          const arms = experiment.arms.map((arm, a): [string, ArmKey] => {
            const { sessions, users, converted: reached } = armAt(row, at, count, a);
            const converted = experiment.goal === null ? null : reached;
            return [
              arm.name.text,
              {
                share: arm.share,
                transitions: Object.fromEntries([...(arm.transitions ?? [])].map(([state, targets]) => [state, Object.fromEntries(targets)])),
                users,
                sessions,
                converted,
                conversion: converted === null || sessions === 0 ? null : converted / sessions,
              },
            ];
          });
          at += 3 * count;
          return [experiment.name, { goal: experiment.goal?.text ?? null, arms: Object.fromEntries(arms) }];
        }),
      );
    }
    return parts;
  }
}

/** A window's keys that say where it is, not what it changes. */
const PLACE_KEYS = ['name', 'from', 'to'];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The timeline and experiment parts of shards' keys added into the whole run's: shards own
 * disjoint users, so a window's records and an arm's users, sessions and conversions add up.
 */
export function mergeTimelineKeys(parts: readonly TimelineKeyParts[]): TimelineKeyParts {
  const [first] = parts;
  const merged: TimelineKeyParts = {};
  if (first.timeline !== undefined) {
    merged.timeline = first.timeline.map((window, i) => {
      const byType = new Map<string, number>();
      for (const part of parts) for (const [type, n] of Object.entries(part.timeline?.[i]?.events_by_type ?? {})) byType.set(type, (byType.get(type) ?? 0) + n);
      return { ...window, events: parts.reduce((sum, part) => sum + (part.timeline?.[i]?.events ?? 0), 0), events_by_type: Object.fromEntries([...byType].sort((a, b) => (a[0] < b[0] ? -1 : 1))) };
    });
  }
  if (first.experiments !== undefined) {
    merged.experiments = Object.fromEntries(
      Object.entries(first.experiments).map(([name, experiment]) => {
        const arms = Object.entries(experiment.arms).map(([arm, counts]): [string, ArmKey] => {
          const all = parts.map((part) => part.experiments?.[name]?.arms[arm]);
          const add = (pick: (a: ArmKey) => number | null): number => all.reduce((sum, a) => sum + (a === undefined ? 0 : (pick(a) ?? 0)), 0);
          const sessions = add((a) => a.sessions);
          const converted = experiment.goal === null ? null : add((a) => a.converted);
          return [arm, { ...counts, users: add((a) => a.users), sessions, converted, conversion: converted === null || sessions === 0 ? null : converted / sessions }];
        });
        return [name, { goal: experiment.goal, arms: Object.fromEntries(arms) }];
      }),
    );
  }
  return merged;
}
