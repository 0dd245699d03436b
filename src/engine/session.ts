import type { Rng } from '../random/prng.js';
import type { FieldValue } from './event.js';
import type { Sym } from './sym.js';

/** Values shared by all sessions of one run: counters advance in emission order. */
export interface RunState {
  readonly counters: Float64Array;
}

/**
 * One simulated session: the context every compiled value source reads. The engine
 * reuses nothing across sessions, so a session's output depends only on (seed, number).
 */
export class Session {
  /** Current state index in the session's machine; ENDING once the last event is out. */
  state = 0;
  /** Simulated time of the next state entry, epoch ms. */
  time: number;
  /** The session ends at its first step after this time, epoch ms. */
  deadline = Infinity;
  /** Events emitted so far. */
  events = 0;
  /** Time of the latest event, epoch ms. */
  lastEvent = 0;
  /** Session id, user id, user index (-1 when anonymous) and segment. */
  id: FieldValue = null;
  userId: FieldValue = null;
  userIndex = -1;
  segment: Sym | null = null;
  /** The visitor's IANA time zone, when the scenario's arrivals name zones. */
  timezone: Sym | null = null;
  /** Whether the user had an earlier session in this run; null without a visitor model. */
  returning: boolean | null = null;
  /** Which of the user's sessions in this run this is, from 1; null without a visitor model. */
  visit: number | null = null;
  /** The lane that started the session (src/engine/lanes.ts). */
  lane = 0;
  /** Whether this run's shard emits the session; another shard's is walked without emitting (see Engine). */
  owned = true;
  /** The session's arm in every experiment (see experiments.ts); 0 without experiments. */
  variant = 0;
  /** Bit i: the session emitted experiment i's goal event (in the count `counted` says). */
  reached = 0;
  /** The experiments' count (Experiments.epoch) that has counted this session; -1 for none yet. */
  counted = -1;
  /** The event being emitted. */
  eventType: Sym | null = null;
  stateName: Sym | null = null;
  /** Variables: session vars, state vars and user attributes, by slot. */
  readonly vars: FieldValue[];
  /** Items in the cart (see cart.ts); null until something is added. */
  cart: FieldValue[] | null = null;
  /** When the current event is received, epoch ms, for scenarios with late delivery. */
  processingTime = 0;
  /** The session's own stream for delivery delays, so delays never shift the journey's draws. */
  deliveryRng: Rng | null = null;
  /** The index of the session's next late event (compile-delivery.ts). */
  nextLate = 0;

  constructor(
    readonly number: number,
    readonly start: number,
    /** The session's stream (briefly the user's stream while user attributes are drawn). */
    public rng: Rng,
    varCount: number,
    readonly run: RunState,
    /** Index of the user-segment machine this session walks. */
    public machine = 0,
  ) {
    this.time = start;
    this.vars = new Array<FieldValue>(varCount);
  }
}

/** The state of a session that has emitted its last event and is on its last page. */
export const ENDING = -1;

/** A compiled value source: reads the session, draws from its stream, returns a value. */
export type Evaluator = (session: Session) => FieldValue;

/**
 * How the engine gets an event field: a variable slot (0 or more), one of the session's
 * own fields below, or EVALUATE (call the field's evaluator). Reading a field in place
 * saves an indirect call per field and event.
 */
export const EVALUATE = -1;
export const READ_TIME = -2;
export const READ_USER_ID = -3;
export const READ_EVENT_TYPE = -4;
export const READ_SESSION_ID = -5;

/** The session field a READ_ code names. */
export function readSession(session: Session, read: number): FieldValue {
  switch (read) {
    case READ_TIME:
      return session.time;
    case READ_USER_ID:
      return session.userId;
    case READ_EVENT_TYPE:
      return session.eventType;
    default:
      return session.id;
  }
}
