import type { TimeFormat } from '../time/time-text.js';
import type { Sym } from './sym.js';

/** How a timestamp field is written (defined with the time texts, which every layer may use). */
export type { TimeFormat };

/** One output column of a scenario. Nested JSON objects are written from dotted paths. */
export interface FieldSpec {
  /** Column index in the scenario's output schema. */
  readonly index: number;
  /** Full dotted name, e.g. `page_info.page_url`; also the CSV header. */
  readonly name: string;
  /** `name` split on dots: the JSON nesting. */
  readonly path: readonly string[];
  /** Numbers in this field are timestamps in epoch milliseconds, written in this format. */
  readonly time?: TimeFormat;
  /** The field writes the event's own time (`{ time: F }` without `of`, `offset` or `at`). */
  readonly eventTime?: boolean;
  /**
   * Set when the value is a function of the event time alone that is not a plain timestamp
   * (microseconds, a date, epoch ms as text): the value at another event time, for paced
   * runs that restamp events.
   */
  readonly retime?: (eventTime: number) => FieldValue;
  /** The field writes the session's start (`{ time: F, of: session.start }`): restamped, it moves with the session's first event. */
  readonly sessionStart?: boolean;
  /**
   * The value is the same on every event of a session (the user's id, a variable drawn at
   * the session's start), so encoders may write it once per session. Absent: it may change.
   */
  readonly steady?: boolean;
}

/**
 * The set of columns one kind of event carries, in output order. Events of one state
 * share a layout; encoders precompile a plan per layout (keyed by `id`).
 */
export interface Layout {
  readonly id: number;
  readonly columns: readonly number[];
}

/**
 * A value in an event column:
 * - undefined: the field is absent from this event (omitted in JSON, empty in CSV)
 * - null, boolean, number (timestamps are numbers in epoch ms), string, Sym
 * - arrays and plain objects (written as JSON; Syms inside serialise as strings)
 */
export type FieldValue = undefined | null | boolean | number | string | Sym | readonly unknown[] | { readonly [key: string]: unknown };

/**
 * One event as the engine hands it to encoders. The object is reused: read it before
 * asking the engine for the next event, and copy what must be kept.
 */
export interface EventView {
  /** Event time, epoch milliseconds. */
  time: number;
  /** The event type (for splitting and summaries). */
  type: Sym;
  /** The session number: unique in the run, the same in every shard (src/engine/lanes.ts). */
  session: number;
  /** Which columns this event has. */
  layout: Layout;
  /** Column values, indexed by FieldSpec.index (length = the schema's column count). */
  values: FieldValue[];
  /**
   * The values array of the engine's view this event is (itself) or was copied from (a late
   * or duplicated event held back): a copy is of the same engine and session, so encoders'
   * per-session caches of steady fields serve it too. Every view clickgen makes has it;
   * absent (a view made elsewhere), the view is its own origin.
   */
  origin?: readonly FieldValue[];
}

/**
 * Makes an event view. Every view and every copy of one is made here, so that encoders
 * see one object shape: copies of another shape (late delivery's, a duplicate's) made
 * the NDJSON encoder's reads of every event polymorphic, a tenth of a run's time.
 */
export function eventView(time: number, type: Sym, session: number, layout: Layout, values: FieldValue[], origin: readonly FieldValue[] = values): EventView {
  return { time, type, session, layout, values, origin };
}

/** The output schema of a compiled scenario. */
export interface OutputSchema {
  readonly fields: readonly FieldSpec[];
  /** Every layout that events can have. */
  readonly layouts: readonly Layout[];
  /** Index of a column by name, or -1. */
  indexOf(name: string): number;
}
