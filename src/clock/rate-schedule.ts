import type { Engine } from '../engine/engine.js';
import type { EventView, OutputSchema } from '../engine/event.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { sessionProfile } from './session-profile.js';

/** Decides when each event is due on the wall clock. */
export interface ReleaseSchedule {
  /** Returns the event's due time (epoch ms), restamping the event when the schedule sets its time. */
  due(event: EventView): number;
}

/** Without a target rate, an event is due at its simulated time: the engine runs on wall time. */
export const simulatedTimeSchedule: ReleaseSchedule = { due: (event) => event.time };

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
 * fixed start writes the same bytes however fast its reader is.
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
  /** Time-valued columns per layout id: shifted along with the event time. */
  private readonly timeColumns: (readonly number[])[];

  constructor(
    private readonly engine: Engine,
    scenario: CompiledScenario,
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
    this.timeColumns = timeColumnsByLayout(scenario.schema);
    this.steer(0);
  }

  due(event: EventView): number {
    const due = this.start + this.index * this.intervalMs;
    if (this.index % this.steerEvery === 0) this.steer(event.time - due);
    this.index++;
    restamp(event, Math.floor(due), this.timeColumns[event.layout.id]);
    return due;
  }

  /**
   * Arrivals = replacements + the shortfall of open sessions spread over one session
   * event gap (the time an open session takes to emit its next event). Simulated time
   * ahead of the schedule means too few events so far: aim for more open sessions.
   */
  private steer(driftMs: number): void {
    const drift = Math.min(MAX_DRIFT_FACTOR, Math.max(1 / MAX_DRIFT_FACTOR, 2 ** (driftMs / (this.msPerEvent * DRIFT_GAPS_PER_DOUBLING))));
    const shortfall = this.openTarget * drift - this.engine.activeSessions;
    const arrivals = Math.max(this.replacements * 1e-6, this.replacements + (shortfall * 1000) / this.msPerEvent);
    this.engine.setArrivalScale(arrivals / this.scenarioRate);
  }
}

/** Moves the event to `time`, and every timestamp it carries by the same amount. */
function restamp(event: EventView, time: number, columns: readonly number[] | undefined): void {
  const shift = time - event.time;
  event.time = time;
  if (shift === 0 || columns === undefined) return;
  const values = event.values;
  for (const column of columns) {
    const value = values[column];
    if (typeof value === 'number') values[column] = value + shift;
  }
}

function timeColumnsByLayout(schema: OutputSchema): (readonly number[])[] {
  const byLayout: (readonly number[])[] = [];
  for (const layout of schema.layouts) {
    byLayout[layout.id] = layout.columns.filter((column) => schema.fields[column].time !== undefined);
  }
  return byLayout;
}
