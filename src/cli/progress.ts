import type cliProgress from 'cli-progress';

/** What a run's progress line knows before it starts. */
export interface ProgressPlan {
  /** -n; null when the run has no count. */
  readonly count: number | null;
  /** Simulated start and end (--duration), epoch ms; end null without a duration. */
  readonly start: number;
  readonly end: number | null;
  /** Real time: the target rate (--rate), null for the scenario's own volume; null for a batch run. */
  readonly realtime: { readonly rate: number | null } | null;
}

/** One progress report of a run: events written, and the simulated time reached. */
export interface ProgressSample {
  readonly events: number;
  readonly eventTime: number;
}

/** Behind the wall clock by more than this, a real-time run is still backfilling its history. */
const CATCHING_UP_MS = 2_000;
/** The live rate is measured over at least this much wall time. */
const RATE_WINDOW_MS = 1_000;

/**
 * A progress line on stderr: on a terminal redrawn in place 5 times a second, elsewhere (a log
 * file, a CI job) one line every 2 seconds. Count runs show percent and ETA by events,
 * --duration runs by simulated time; real-time runs show the backfill catching up with the
 * clock, then the live rate against the target and the simulated clock.
 */
export class ProgressLine {
  private readonly started = performance.now();
  private readonly window = new RateWindow(performance.now());
  private readonly bar: cliProgress.SingleBar;

  /** Loads the progress-bar library only when a progress line is shown. */
  static async create(plan: ProgressPlan, stream: NodeJS.WriteStream, wallClock: () => number = Date.now): Promise<ProgressLine> {
    const { default: library } = await import('cli-progress');
    return new ProgressLine(library, plan, stream, wallClock);
  }

  private constructor(
    library: typeof cliProgress,
    private readonly plan: ProgressPlan,
    stream: NodeJS.WriteStream,
    private readonly wallClock: () => number,
  ) {
    this.bar = new library.SingleBar({ format: '{line}', stream, fps: 5, hideCursor: false, clearOnComplete: true, noTTYOutput: true, notTTYSchedule: 2_000 });
    this.bar.start(1, 0, { line: progressText(plan, { events: 0, eventTime: plan.start }, { elapsedSeconds: 0, wallNow: wallClock(), liveRate: 0 }) });
  }

  update(sample: ProgressSample): void {
    const now = performance.now();
    const wallNow = this.wallClock();
    const live = this.plan.realtime !== null && isLive(wallNow, sample);
    const liveRate = this.window.update(now, sample.events, live);
    const line = progressText(this.plan, sample, { elapsedSeconds: (now - this.started) / 1000, wallNow, liveRate });
    this.bar.update(0, { line });
  }

  stop(): void {
    this.bar.stop();
  }
}

/**
 * The rate over the last second or so of wall time. A real-time run's live rate starts
 * afresh when the backfill ends, so the first live figure holds no history.
 */
export class RateWindow {
  private events = 0;
  private rate = 0;
  private live = false;

  constructor(private at: number) {}

  /** The current rate: NaN from the end of the backfill until a whole window of live events is seen. */
  update(now: number, events: number, live: boolean): number {
    if (live && !this.live) {
      this.live = true;
      this.at = now;
      this.events = events;
      this.rate = Number.NaN;
    } else if (now - this.at >= RATE_WINDOW_MS) {
      this.rate = ((events - this.events) * 1000) / (now - this.at);
      this.at = now;
      this.events = events;
    }
    return this.rate;
  }
}

function isLive(wallNow: number, sample: ProgressSample): boolean {
  return wallNow - sample.eventTime <= CATCHING_UP_MS;
}

/** The text of the progress line; `liveRate` is the rate over the last second or so (NaN while it is measured). */
export function progressText(plan: ProgressPlan, sample: ProgressSample, at: { elapsedSeconds: number; wallNow: number; liveRate: number }): string {
  const events = `${count(sample.events)} events`;
  const average = `${count(sample.events / Math.max(at.elapsedSeconds, 1e-3))} events/s`;
  const clock = `simulated ${iso(sample.eventTime)}`;
  if (plan.realtime !== null) {
    // Before its first event a real-time run simulates the sessions already open at its start (--warmup-events).
    if (sample.events === 0) return `warming up: simulating the sessions open at the start | ${at.elapsedSeconds.toFixed(1)}s`;
    if (!isLive(at.wallNow, sample)) return `backfill: ${clock}, ${span(at.wallNow - sample.eventTime)} behind the clock | ${events} | ${average}`;
    const target = plan.realtime.rate === null ? '' : ` (target ${count(plan.realtime.rate)})`;
    const rate = Number.isNaN(at.liveRate) ? 'measuring the rate' : `${count(at.liveRate)} events/s`;
    return `live: ${rate}${target} | ${clock} | ${events}`;
  }
  const fraction =
    plan.count !== null ? sample.events / plan.count : plan.end !== null ? (sample.eventTime - plan.start) / Math.max(plan.end - plan.start, 1) : null;
  if (fraction === null) return `${events} | ${average} | ${at.elapsedSeconds.toFixed(1)}s`;
  const done = Math.min(Math.max(fraction, 0), 1);
  const eta = done > 0 ? span(((at.elapsedSeconds * (1 - done)) / done) * 1000) : '?';
  const bar = '█'.repeat(Math.round(done * 24)).padEnd(24, '░');
  return `[${bar}] ${(done * 100).toFixed(0)}% | ${events} | ${average} | ETA ${eta}${plan.count === null ? ` | ${clock}` : ''}`;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function iso(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 19).replace('T', ' ') : '-';
}

/** 45s, 12m 05s, 3h 20m, 5d 4h */
function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
