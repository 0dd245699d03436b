import type { Engine } from '../../engine/engine.js';
import type { EventView } from '../../engine/event.js';
import type { SimulationModel } from '../../engine/model.js';
import { Redeliveries } from './redeliveries.js';
import { sessionProfile } from './session-profile.js';
import { TimeShift } from './time-shift.js';
import { Timeline } from '../../engine/timeline.js';

/** Decides when each event is due on the wall clock. */
export interface ReleaseSchedule {
  /**
   * Returns the event's due time (epoch ms), restamping the event when the schedule sets
   * its time. `receivedAt` is when the event is received in simulated time: its processing
   * time with late delivery (a late event keeps its lag behind its due time), else its time.
   */
  due(event: EventView, receivedAt?: number): number;
  /** Sees each event of the simulated history before the start (which is not emitted). */
  history?(event: EventView): void;
}

/** Without a target rate, an event is due at its simulated time: the engine runs on wall time. */
export const simulatedTimeSchedule: ReleaseSchedule = { due: (event, receivedAt = event.time) => receivedAt };

/** Steering decisions per second of schedule time. */
const STEERS_PER_SECOND = 10;
/** Drift of this many session-event gaps doubles (or halves) the target of open sessions. */
const DRIFT_GAPS_PER_DOUBLING = 4;
/** Bounds the drift correction so that a quiet or busy stretch cannot swing arrivals wildly. */
const MAX_DRIFT_FACTOR = 8;

/**
 * Holds a target rate exactly: event k is due at start + k / rate and is stamped with
 * that time. The rate itself comes from sessions, never from squeezing events: by
 * Little's law a rate R needs R × (session length per event) sessions open, and each
 * open session emits its events at its own realistic pace. The schedule steers the
 * engine's session arrivals towards that number of open sessions (arrivals replace the
 * sessions that end, and fill the gap when there are too few, as a site that opens
 * fills up), and corrects slowly for drift between simulated and due time, so the two
 * clocks stay together and stamps stretch or shrink dwell times by little.
 * Everything depends only on the events, never on the wall clock: a rate run with a
 * fixed start writes the same bytes however fast its reader is. A duplicate's second
 * delivery takes a place of its own but keeps its first delivery's stamp (redeliveries.ts).
 */
export class RateSchedule implements ReleaseSchedule {
  private index = 0;
  private readonly intervalMs: number;
  private readonly steerEvery: number;
  /** Sessions open that hold the rate in steady state. */
  private readonly openTarget: number;
  /** Session arrivals per simulated second that replace the sessions that end. */
  private readonly replacements: number;
  private readonly msPerEvent: number;
  private readonly scenarioRate: number;
  private readonly shift: TimeShift;
  private readonly redeliveries = new Redeliveries();
  private historyEvents = 0;
  /** The timeline whose windows change the volume, on due times; null without such windows. */
  private readonly timeline: Timeline | null;
  /** Where the schedule's clock starts: events are due evenly on the timeline's clock (timeline.ts). */
  private readonly clockStart: number;
  /** The timeline's multiplier where the schedule is: how many sessions hold the rate there. */
  private multiplier = 1;

  constructor(
    private readonly engine: Engine,
    scenario: SimulationModel,
    private readonly start: number,
    rate: number,
  ) {
    const profile = sessionProfile(scenario, start);
    this.intervalMs = 1000 / rate;
    this.steerEvery = Math.max(1, Math.round(rate / STEERS_PER_SECOND));
    this.msPerEvent = profile.msPerEvent;
    this.openTarget = (rate * profile.msPerEvent) / 1000;
    this.replacements = rate / profile.eventsPerSession;
    this.scenarioRate = scenario.arrivals.rate;
    this.shift = new TimeShift(scenario.schema);
    const volume = scenario.timeline?.some((window) => window.rate !== null || window.outage === 'all') === true;
    this.timeline = volume ? new Timeline(scenario, start) : null;
    this.clockStart = this.timeline === null ? start : this.timeline.operational(start);
    this.steer(0);
  }

  due(event: EventView, receivedAt = event.time): number {
    // A window's multiplier m makes the rate R × m there: events are due evenly on a clock that runs m times as fast.
    const timeline = this.timeline;
    const due = timeline === null ? this.start + this.index * this.intervalMs : timeline.real(this.clockStart + this.index * this.intervalMs);
    if (this.index % this.steerEvery === 0) {
      if (timeline !== null) this.multiplier = timeline.multiplierAt(due);
      this.steer(receivedAt - due);
    }
    this.index++;
    // A duplicate's second delivery takes its place on the schedule, and the first's stamp.
    if (this.redeliveries.restore(event)) return due;
    const happened = event.time;
    this.shift.moveBy(event, Math.floor(due) - receivedAt);
    // An event of the run keeps only the lag the start leaves it: it cannot have happened
    // before the run began. A late event of the history (received after the start) did: it
    // keeps its lag, but never becomes earlier than it happened.
    this.shift.raiseEventTime(event, Math.min(this.start, happened));
    this.redeliveries.keep(event);
    return due;
  }

  /** Before the start there is no schedule to drift from: only the open sessions are steered. */
  history(): void {
    if (this.historyEvents++ % this.steerEvery === 0) this.steer(0);
  }

  /**
   * Arrivals = replacements + the shortfall of open sessions spread over one session
   * event gap (the time an open session takes to emit its next event). Simulated time
   * ahead of the schedule means too few events so far: aim for more open sessions.
   */
  private steer(driftMs: number): void {
    const drift = Math.min(MAX_DRIFT_FACTOR, Math.max(1 / MAX_DRIFT_FACTOR, 2 ** (driftMs / (this.msPerEvent * DRIFT_GAPS_PER_DOUBLING))));
    const replacements = this.replacements * this.multiplier;
    const shortfall = this.openTarget * this.multiplier * drift - this.engine.activeSessions;
    const arrivals = Math.max(this.replacements * 1e-6, replacements + (shortfall * 1000) / this.msPerEvent);
    this.engine.setArrivalScale(arrivals / this.scenarioRate);
  }
}
