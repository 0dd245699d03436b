import { UsageError } from '../errors.js';
import type { CompiledWindow, SimulationModel, WindowTime } from './model.js';

/** A window placed in a run: epoch ms, `from` included, `to` excluded. */
export interface PlacedWindow {
  readonly window: CompiledWindow;
  readonly from: number;
  readonly to: number;
}

/** The windows of a run that starts at `runStart`; checks that each lies in the run (ending by `end` when it has one). */
export function placeWindows(model: Pick<SimulationModel, 'display' | 'timeline'>, runStart: number, end?: number): PlacedWindow[] {
  const placed = (model.timeline ?? []).map((window) => {
    const from = placeTime(window.from, runStart);
    const to = placeTime(window.to, runStart);
    const problem =
      to <= from
        ? `${window.path}.to: ${iso(to)} is not after from (${iso(from)}); a window ends after it starts`
        : from < runStart
          ? `${window.path}.from: ${iso(from)} is before the run's start ${iso(runStart)}; a window lies within the run (give --start, or from as +DURATION after the start)`
          : end !== undefined && to > end
            ? `${window.path}.to: ${iso(to)} is after the run's end ${iso(end)}; a window lies within the run (a longer --duration, or an earlier to)`
            : null;
    if (problem !== null) throw new UsageError('SCENARIO_INVALID', `${model.display}: ${problem}`);
    return { window, from, to };
  });
  // Rate windows that overlap multiply; two ramps would make a curve that is no longer a ramp.
  const ramps = placed.filter(({ window }) => window.rate !== null && window.rate[0] !== window.rate[1]);
  for (const [i, a] of ramps.entries()) {
    const b = ramps.slice(i + 1).find((other) => other.from < a.to && a.from < other.to);
    if (b !== undefined) {
      throw new UsageError('SCENARIO_INVALID', `${model.display}: ${b.window.path}: a ramp overlaps the ramp ${a.window.path} (${iso(Math.max(a.from, b.from))} to ${iso(Math.min(a.to, b.to))}); ramps may follow each other but not overlap`);
    }
  }
  return placed;
}

function placeTime(time: WindowTime, runStart: number): number {
  return time.afterStart ? runStart + time.ms : time.ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A run's timeline cut into pieces at every window's edges: what holds in each piece (the
 * arrival multiplier, a straight line within a piece; the failing event types; the windows
 * that change behaviour), and the arrivals' clock.
 *
 * Arrivals follow the multiplier by a change of clock: an arrival process runs on
 * operational time Λ(t) = ∫ m, the integral of the multiplier m(t), and its arrivals
 * happen at Λ⁻¹ of its own clock. A Poisson process of rate λ on that clock is a Poisson
 * process of rate λ × m(t) on the real one, exactly, with no draw added or removed: before
 * the first window Λ(t) = t and a run is the same as without the timeline, and inside an
 * outage Λ stands still so no arrival falls in it. Gaps drawn from a distribution
 * (interval arrivals) stretch and shrink the same way.
 */
export class Timeline {
  readonly placed: readonly PlacedWindow[];
  /** Piece k + 1 is [edges[k], edges[k + 1]); piece 0 is before edges[0], the last piece after the last edge. */
  private readonly edges: Float64Array;
  /** Per piece: the multiplier at its start, and its change per ms. */
  private readonly level: Float64Array;
  private readonly slope: Float64Array;
  /** Λ at each edge. */
  private readonly lambda: Float64Array;
  /** Per piece: event types that fail there, by Sym index; null for none, 'all' for everything. */
  readonly failing: readonly (ReadonlySet<number> | 'all' | null)[];
  /** Per piece: the windows that change behaviour there (indexes into `placed`). */
  readonly changing: readonly (readonly number[])[];
  /** Whether any window changes arrivals (else the clock is the real one). */
  readonly warps: boolean;
  /** Whether any window fails an event type. */
  readonly fails: boolean;
  /** The piece of the latest time asked for: times come mostly in order. */
  private last = 0;

  constructor(model: Pick<SimulationModel, 'display' | 'timeline'>, runStart: number, end?: number) {
    this.placed = placeWindows(model, runStart, end);
    const edges = [...new Set(this.placed.flatMap((p) => [p.from, p.to]))].sort((a, b) => a - b);
    this.edges = Float64Array.from(edges);
    const pieces = edges.length + 1;
    this.level = new Float64Array(pieces).fill(1);
    this.slope = new Float64Array(pieces);
    const failing: (Set<number> | 'all' | null)[] = Array.from({ length: pieces }, () => null);
    const changing: number[][] = Array.from({ length: pieces }, () => []);
    for (let piece = 1; piece < pieces - 1; piece++) {
      const from = edges[piece - 1];
      const to = edges[piece];
      this.placed.forEach(({ window, from: start, to: stop }, index) => {
        if (start > from || stop < to) return;
        if (window.rate !== null) {
          // Windows that overlap multiply; two ramps may not overlap (rules-timeline.ts), so the product stays a line.
          const [a, b] = window.rate;
          const slope = (b - a) / (stop - start);
          const at = a + slope * (from - start);
          this.slope[piece] = this.slope[piece] * at + this.level[piece] * slope;
          this.level[piece] *= at;
        }
        if (window.outage === 'all') {
          failing[piece] = 'all';
          this.level[piece] = 0;
          this.slope[piece] = 0;
        } else if (window.outage !== null && failing[piece] !== 'all') {
          const set = (failing[piece] as Set<number> | null) ?? new Set<number>();
          for (const type of window.outage) set.add(type.index);
          failing[piece] = set;
        }
        if (window.transitions !== null) changing[piece].push(index);
      });
    }
    this.failing = failing;
    this.changing = changing;
    this.warps = this.placed.some((p) => p.window.rate !== null || p.window.outage === 'all');
    this.fails = this.placed.some((p) => p.window.outage !== null);
    this.lambda = new Float64Array(edges.length);
    for (let k = 0; k < edges.length; k++) this.lambda[k] = k === 0 ? edges[0] : this.lambda[k - 1] + this.integral(k, edges[k] - edges[k - 1]);
  }

  /** The piece that holds epoch ms t. */
  pieceAt(t: number): number {
    const edges = this.edges;
    const last = this.last;
    if ((last === 0 || edges[last - 1] <= t) && (last === edges.length || t < edges[last])) return last;
    let lo = 0;
    let hi = edges.length;
    // The number of edges at or before t.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    this.last = lo;
    return lo;
  }

  /** The arrival multiplier at t. */
  multiplierAt(t: number): number {
    const piece = this.pieceAt(t);
    return piece === 0 ? 1 : this.level[piece] + this.slope[piece] * (t - this.edges[piece - 1]);
  }

  /** Whether an event of the type with Sym index `type` fails at t. */
  failsAt(type: number, t: number): boolean {
    const failing = this.failing[this.pieceAt(t)];
    return failing !== null && (failing === 'all' || failing.has(type));
  }

  /** Λ(t): the arrivals' clock at real time t. */
  operational(t: number): number {
    const piece = this.pieceAt(t);
    if (piece === 0) return t;
    return this.lambda[piece - 1] + this.integral(piece, t - this.edges[piece - 1]);
  }

  /** Λ⁻¹(τ): the real time at which the arrivals' clock reads τ (the end of a stretch where it stands still). */
  real(tau: number): number {
    const lambda = this.lambda;
    if (lambda.length === 0 || tau < lambda[0]) return tau;
    // The last edge whose clock reading is at or before tau.
    let lo = 0;
    let hi = lambda.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lambda[mid] <= tau) lo = mid + 1;
      else hi = mid;
    }
    const k = lo - 1;
    const piece = k + 1;
    const d = tau - lambda[k];
    const a = this.level[piece];
    const b = this.slope[piece];
    // Solves a x + b x² / 2 = d for x ≥ 0 in a form that holds for b = 0 and for a = 0.
    const root = a + Math.sqrt(Math.max(0, a * a + 2 * b * d));
    return this.edges[k] + (root > 0 ? (2 * d) / root : 0);
  }

  /** ∫ m over the first `x` ms of a piece. */
  private integral(piece: number, x: number): number {
    return this.level[piece] * x + (this.slope[piece] * x * x) / 2;
  }
}
