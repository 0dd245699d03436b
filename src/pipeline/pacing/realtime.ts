import { multiplier } from '../../engine/arrivals.js';
import { Domain, streamFor } from '../../random/prng.js';
import { Engine, type EngineOptions } from '../../engine/engine.js';
import type { EventView } from '../../engine/event.js';
import type { SimulationModel } from '../../engine/model.js';
import type { Clock } from '../../clock/clock.js';
import { countCarried, spendHistory, type ReceivedLater } from './history.js';
import { LiveAnchor } from './live-anchor.js';
import { pacedScenario } from './paced-scenario.js';
import { RateSchedule, simulatedTimeSchedule, type ReleaseSchedule } from './rate-schedule.js';
import { ReleaseGate } from '../../clock/release-gate.js';
import { sessionProfile } from './session-profile.js';
import { TimeShift } from './time-shift.js';

export interface RealtimeOptions {
  readonly clock: Clock;
  /**
   * Events per second to hold. Without it the scenario's arrival rate and curves drive
   * the volume, and simulated time is wall time.
   */
  readonly rate?: number;
  /**
   * The run starts now: it is anchored to the wall clock when its first event is due,
   * after any preparation. Without it the start is a fixed instant (a backfill from the
   * past, or a reproducible run).
   */
  readonly live?: boolean;
  /**
   * Warm-up: at most this many events of simulated history are spent before the start,
   * so the run begins with sessions in progress (up to two mean session lengths of
   * history) rather than with every session arriving at once. 0 starts cold. Default
   * 200,000. The cost is about this many events' worth of CPU before the first event.
   */
  readonly warmupEvents?: number;
  /** Shortest time between two wake-ups, ms (default 5): bounds both wake-ups per second and lateness. */
  readonly tickMs?: number;
  /** The scenario's longest late delay, ms: history reaches this far back more (within the warm-up budget). */
  readonly lateHorizonMs?: number;
  /**
   * A live part of a run split over threads: when the run's start is on the wall clock,
   * asked at the first event, so that every part shares one timeline. Without it a live run
   * is anchored at its own first event.
   */
  readonly liveStart?: () => number;
}

export const DEFAULT_TICK_MS = 5;
export const DEFAULT_WARMUP_EVENTS = 200_000;

/** An engine and what paces it: when each event is due, and waiting for that. */
export class Realtime {
  private constructor(
    readonly engine: Engine,
    /** The run's events in order (the history before the start is already spent), and the engine's delivery state. */
    readonly events: Pick<Engine, 'next' | 'delivery'>,
    readonly schedule: ReleaseSchedule,
    readonly gate: ReleaseGate,
    private readonly endInFrame: number,
    private readonly anchor: LiveAnchor | null,
  ) {}

  /** How far a live run's times are moved to the wall clock, ms (0 before its first event, and for a run from a fixed start). */
  get offset(): number {
    return this.anchor === null || Number.isNaN(this.anchor.offset) ? 0 : this.anchor.offset;
  }

  /** Events due at or after this time (epoch ms) are not emitted. Read after the event's `due`. */
  get end(): number {
    return this.endInFrame + (this.anchor === null ? 0 : this.anchor.offset);
  }

  /**
   * Sets a run up for real time. Events are due at their simulated time, or on a rate
   * schedule; a start in the past is history that is due at once, so a run backfills as
   * fast as its output takes it and goes on live from the same engine and schedule: no
   * gap and no duplicate at the hand-over.
   */
  static async start(scenario: SimulationModel, options: EngineOptions, realtime: RealtimeOptions, signal?: AbortSignal, position: { index: number } | null = null): Promise<Realtime> {
    const start = options.start;
    const profile = sessionProfile(scenario, start);
    const historyMs = historyLength(scenario, start, realtime, profile.eventsPerSession, profile.msPerEvent);
    let engine: Engine;
    let schedule: ReleaseSchedule;
    if (realtime.rate === undefined) {
      engine = new Engine(scenario, { ...options, start: start - historyMs, count: undefined, runStart: start });
      schedule = simulatedTimeSchedule;
    } else {
      // The end applies to due times, so the engine runs without one. A shard's schedule
      // holds its share of the rate from its own users' sessions.
      engine = new Engine(pacedScenario(scenario), { start: start - historyMs, shard: options.shard, runStart: start });
      schedule = new RateSchedule(engine, scenario, start, realtime.rate);
    }
    const shared = realtime.liveStart === undefined ? undefined : { start, wall: realtime.liveStart };
    const anchor = realtime.live === true ? new LiveAnchor(schedule, realtime.clock, new TimeShift(scenario.schema), shared) : null;
    // Late events of the history received after the start are delivered in the run, so that
    // late events are at their share from the first second; a rate schedule stamps them with
    // their due times like the run's own, keeping their lag.
    const receivedLater: ReceivedLater[] = [];
    const keep = scenario.delivery !== null ? { into: receivedLater, position } : undefined;
    const history = await spendHistory(engine, start, schedule, signal, keep);
    const firstIndex = position?.index ?? 0;
    let later = 0;
    let first = history.first;
    const carried = history.carried;
    // The count applies to the run, not to its history, so it is kept here and not by the
    // engine. Without a first event (the engine ended, or the run was stopped while
    // getting ready) there is nothing to emit.
    const count = history.first === null ? 0 : (options.count ?? Infinity);
    let returned = 0;
    const delivery = { processingTime: 0, late: false };
    const events = {
      delivery,
      next: (): EventView | null => {
        if (returned >= count) {
          // The last event returned was written: the experiments count it.
          engine.countLast();
          return null;
        }
        returned++;
        if (later < receivedLater.length) {
          const event = receivedLater[later++];
          delivery.processingTime = event.processingTime;
          delivery.late = event.late;
          if (position !== null) position.index = event.index;
          return event;
        }
        if (later > 0) receivedLater.length = later = 0;
        delivery.processingTime = engine.delivery.processingTime;
        delivery.late = engine.delivery.late;
        if (first !== null) {
          const event = first;
          first = null;
          if (position !== null) position.index = firstIndex;
          return event;
        }
        const event = engine.next();
        delivery.processingTime = engine.delivery.processingTime;
        delivery.late = engine.delivery.late;
        if (event !== null && carried.size > 0) countCarried(engine, carried, event.session);
        return event;
      },
    };
    const gate = new ReleaseGate(realtime.clock, realtime.tickMs ?? DEFAULT_TICK_MS);
    return new Realtime(engine, events, anchor ?? schedule, gate, options.end ?? Infinity, anchor);
  }
}

/**
 * Two mean session lengths of history reach the steady mix of session ages; the event
 * budget shortens it at high rates, where history costs the most. Late delivery adds up to the
 * longest late delay, within the budget again: at most twice the budget's events in all. (Ten
 * budgets made cart at 20,000 events/s simulate 2.2 million events, 15 s, before its first.)
 */
export function historyLength(scenario: SimulationModel, start: number, realtime: RealtimeOptions, eventsPerSession: number, msPerEvent: number): number {
  const budget = realtime.warmupEvents ?? DEFAULT_WARMUP_EVENTS;
  if (budget <= 0) return 0;
  const eventsPerSecond = realtime.rate ?? Math.min(arrivalsPerSecond(scenario, start) * eventsPerSession, (scenario.arrivals.capAt(start) * 1000) / msPerEvent);
  const sessionMs = eventsPerSession * msPerEvent;
  const budgetMs = (budget / Math.max(eventsPerSecond, 1e-9)) * 1000;
  const warmMs = Math.min(2 * sessionMs, budgetMs);
  // Late events received in the first seconds happened up to the late horizon before, and
  // at the steady rate only when the history had warmed up by then. At high rates the budget
  // cuts this short: late events are then below their share for the first seconds.
  const lateMs = Math.min(realtime.lateHorizonMs ?? 0, budgetMs);
  return Math.round(warmMs + lateMs);
}

/** Session arrivals per second at `start`: from the rate and curves, or from the mean of sampled interval gaps. */
function arrivalsPerSecond(scenario: SimulationModel, start: number): number {
  const { rate, hourly, weekly, interarrival } = scenario.arrivals;
  if (interarrival === null) return rate * multiplier(hourly, weekly, start);
  // Its own stream (index 1; the engine's arrivals draw from index 0): the same estimate every time.
  const rng = streamFor(scenario.seed, Domain.arrivals, 1);
  let seconds = 0;
  for (let i = 0; i < GAP_SAMPLES; i++) seconds += Math.max(interarrival(rng, start), 0);
  return seconds > 0 ? GAP_SAMPLES / seconds : Infinity;
}

const GAP_SAMPLES = 1_000;
