import { Engine, type EngineOptions } from '../engine/engine.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { Clock } from './clock.js';
import { RateSchedule, simulatedTimeSchedule, type ReleaseSchedule } from './rate-schedule.js';
import { ReleaseGate } from './release-gate.js';

export interface RealtimeOptions {
  readonly clock: Clock;
  /**
   * Events per second to hold. Without it the scenario's arrival rate and curves drive
   * the volume, and the engine's simulated time is the wall time.
   */
  readonly rate?: number;
  /** Shortest time between two wake-ups, ms (default 5): bounds both wake-ups per second and lateness. */
  readonly tickMs?: number;
}

/** An engine and the two halves of pacing it: when each event is due, and waiting for that. */
export interface Realtime {
  readonly engine: Engine;
  readonly schedule: ReleaseSchedule;
  readonly gate: ReleaseGate;
  /** Events due at or after this time (epoch ms) are not emitted. */
  readonly end: number;
}

export const DEFAULT_TICK_MS = 5;

/**
 * Sets a run up for real time. Events are due at their simulated time, or on a rate
 * schedule; a start in the past is history, due at once, so a run backfills as fast as
 * its output takes it and continues live from the same engine and schedule: no gap and
 * no duplicate at the hand-over.
 */
export function startRealtime(scenario: CompiledScenario, options: EngineOptions, realtime: RealtimeOptions): Realtime {
  const gate = new ReleaseGate(realtime.clock, realtime.tickMs ?? DEFAULT_TICK_MS);
  const end = options.end ?? Infinity;
  if (realtime.rate === undefined) {
    return { engine: new Engine(scenario, options), schedule: simulatedTimeSchedule, gate, end };
  }
  // The rate sets the volume: the curves and the concurrency cap, which shape volume
  // without a rate, would only fight the schedule. The end applies to due times, so the
  // engine runs without one.
  const paced: CompiledScenario = {
    ...scenario,
    arrivals: { rate: scenario.arrivals.rate, hourly: null, weekly: null, maxConcurrent: Number.MAX_SAFE_INTEGER },
  };
  const engine = new Engine(paced, { start: options.start, count: options.count });
  return { engine, schedule: new RateSchedule(engine, scenario, options.start, realtime.rate), gate, end };
}
