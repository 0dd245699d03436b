/**
 * The compiled model the engine runs. The scenario compiler (src/scenario/compile.ts)
 * builds it; it is defined here so that the engine depends on no scenario code.
 */
import type { AliasTable } from '../random/alias.js';
import type { Rng } from '../random/prng.js';
import type { ZoneOffsets } from '../time/time-zones.js';
import type { FieldValue, Layout, OutputSchema } from './event.js';
import type { Evaluator, Session } from './session.js';
import type { Sym, SymTable } from './sym.js';

/** Draws seconds for something that starts at epoch ms `t` (the time matters for weekly profiles only). */
export type TimedSampler = (rng: Rng, t: number) => number;

/** Late delivery, compiled: draws each event's processing time. */
export interface CompiledDelivery {
  /** Sets `session.processingTime` for the event being written; returns whether the event is late. */
  assign(session: Session): boolean;
}

/** A state of a compiled session machine. */
export interface CompiledState {
  readonly name: Sym;
  /** Event type emitted on entering the state, or null for a silent state. */
  readonly eventType: Sym | null;
  /** Variables drawn on entering, before the delay. */
  readonly enter: Assignments;
  /** Seconds waited on entering, before the other variables and the event; null for none. */
  readonly delay: TimedSampler | null;
  /** Variables drawn on entering: slot i gets setValues[i]. */
  readonly setSlots: Int32Array;
  readonly setValues: readonly Evaluator[];
  /** The event's output: column i gets fieldValues[i]. Parallel arrays keep the loop flat. */
  readonly fieldColumns: Int32Array;
  readonly fieldValues: readonly Evaluator[];
  /** How the engine gets each field without a call: a variable's slot, a session field, or EVALUATE (see engine/session.ts). */
  readonly fieldSlots: Int32Array;
  readonly layout: Layout;
  /** Time spent in the state, seconds. */
  readonly dwell: (session: Session) => number;
  /** Next state index per alias outcome; -1 ends the session. */
  readonly targets: Int32Array;
  readonly transitions: AliasTable | null;
  /** Picks the next state instead when transitions have guards (see compile-transitions.ts). */
  readonly choose: ((session: Session) => number) | null;
  /** The state's change to the cart, made after `set`. */
  readonly cart: ((session: Session) => void) | null;
}

/** How a state picks its next state: the state's own transitions, or reweighed ones (see timeline.ts). */
export type StatePicker = Pick<CompiledState, 'targets' | 'transitions' | 'choose'>;

/** Factors on transition probabilities: by state name, then by next-state name (`end` for leaving). */
export type FactorTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * A state's transitions with factors applied (next-state name → factor); throws an Error
 * whose message says which probabilities went past 1.
 */
export type Reweigh = (machine: number, state: number, factors: ReadonlyMap<string, number>) => StatePicker;

/** When a timeline window starts or ends: epoch ms, or ms after the run's start. */
export interface WindowTime {
  readonly ms: number;
  readonly afterStart: boolean;
}

/** A window of the scenario's timeline: one change to traffic or behaviour for a while. */
export interface CompiledWindow {
  readonly name: string;
  /** Where the window is written, for messages: `timeline[2]`. */
  readonly path: string;
  readonly from: WindowTime;
  readonly to: WindowTime;
  /** The arrival multiplier at `from` and just before `to` (equal for `rate`); null when arrivals are left alone. */
  readonly rate: readonly [number, number] | null;
  /** Event types that fail, or 'all' when nothing happens (no arrivals either); null for none. */
  readonly outage: 'all' | readonly Sym[] | null;
  readonly transitions: FactorTable | null;
  /** The window as the scenario gives it, for the answer key. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** An arm of an experiment. */
export interface CompiledArm {
  readonly name: Sym;
  readonly share: number;
  readonly transitions: FactorTable | null;
}

/** An A/B(/n) experiment: a user's arm is a hash of (seed, experiment, user), never a draw of a session. */
export interface CompiledExperiment {
  readonly name: string;
  /** The stream domain of its assignments (from its name). */
  readonly domain: number;
  readonly arms: readonly CompiledArm[];
  /** The event type whose sessions count as converted; null without. */
  readonly goal: Sym | null;
}

/** The journey of one user segment (or of everyone, without segments). */
export interface Machine {
  readonly segment: Sym | null;
  readonly states: readonly CompiledState[];
  readonly initial: number;
  readonly sessionId: Evaluator;
  readonly sessionVars: Assignments;
  /** How long a session may last, ms, drawn when it starts (after its vars); Infinity without a limit. */
  readonly lengthMs: (session: Session) => number;
}

export interface CompiledPopulation {
  readonly users: number;
  readonly first: number;
  /** Picks a user index in [0, users) for session number `session`. */
  readonly pick: (rng: Rng, session: number) => number;
  /** Whether `pick` is uniform over the users: then a run's lanes pick among their own users (see lanes.ts). */
  readonly uniformPick: boolean;
  readonly anonymousRate: number;
  readonly userId: (index: number) => FieldValue;
  /** Picks a machine (segment) for a user; null without segments. */
  readonly segments: AliasTable | null;
  /** Share of sessions by returning visitors; null for a fixed pool picked by `pick`. */
  readonly returning: number | null;
  /** Relative chance of each segment's users to come back (one per machine). */
  readonly returns: Float64Array;
  readonly attributes: Assignments;
}

/** Values for variable slots: slots[i] gets values[i]. */
export interface Assignments {
  readonly slots: Int32Array;
  readonly values: readonly Evaluator[];
}

export interface CompiledArrivals {
  /** Sessions per simulated second before the curves. */
  readonly rate: number;
  readonly hourly: Float64Array | null;
  readonly weekly: Float64Array | null;
  /** Seconds between session starts, replacing `rate` and the curves when set. */
  readonly interarrival: TimedSampler | null;
  readonly maxConcurrent: number;
  /** The concurrency cap at epoch ms t: maxConcurrent, scaled by the schedule if there is one. */
  readonly capAt: (t: number) => number;
  /** Whether a schedule changes the cap over time. */
  readonly capVaries: boolean;
  /** A session arriving at the cap: 0 waits for a free slot, else it is retried this many ms later. */
  readonly retryMs: number;
  /** Visitors' time zones: the curves apply in their local time. */
  readonly zones: CompiledZones | null;
}

export interface CompiledZones {
  readonly names: readonly Sym[];
  /** Shares of traffic, summing to 1. */
  readonly shares: Float64Array;
  readonly offsets: ZoneOffsets;
}

/** What the engine runs: a compiled scenario without what only its compiler and the outputs read. */
export interface SimulationModel {
  readonly name: string;
  /** Names the scenario in messages: the file it was loaded from (`examples/sale.yaml`), or its name. */
  readonly display: string;
  readonly seed: number;
  readonly schema: OutputSchema;
  readonly syms: SymTable;
  readonly population: CompiledPopulation;
  readonly arrivals: CompiledArrivals;
  readonly machines: readonly Machine[];
  readonly varCount: number;
  readonly counterCount: number;
  /** A session with no event for longer than this ends; what follows is a new session of the same user, ms. */
  readonly sessionTimeoutMs: number;
  /** Late delivery: events get processing times and are written in that order; null without. */
  readonly delivery: CompiledDelivery | null;
  /** Windows that change traffic and behaviour (timeline.ts); null without. */
  readonly timeline: readonly CompiledWindow[] | null;
  /** A/B(/n) experiments (experiments.ts); null without. */
  readonly experiments: readonly CompiledExperiment[] | null;
  /** Builds reweighed transitions for the timeline's behaviour changes and the experiments' arms. */
  readonly reweigh: Reweigh;
}

