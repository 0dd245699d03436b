import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Engine } from '../../engine/engine.js';
import type { EventView } from '../../engine/event.js';
import { ENDING } from '../../engine/session.js';
import type { ReleaseSchedule } from './rate-schedule.js';

/** Events simulated between two yields to the event loop, so other streams keep their pace meanwhile. */
const SLICE = 1_000;

const NOT_CARRIED = -2;

/**
 * Sessions open at the start that have emitted before it, by session number, with their
 * user index (-1 when anonymous). Looked up at every event of the run: a typed array, not
 * a Map, since a fast run carries hundreds of thousands.
 */
export class CarriedSessions {
  private readonly users: Int32Array;
  /** Carried sessions not yet counted. */
  size = 0;

  constructor(sessions: readonly { readonly number: number; readonly userIndex: number }[]) {
    const limit = sessions.reduce((max, session) => Math.max(max, session.number + 1), 0);
    this.users = new Int32Array(limit).fill(NOT_CARRIED);
    for (const session of sessions) this.users[session.number] = session.userIndex;
    this.size = sessions.length;
  }

  /** The user index of a carried session not counted yet, now counted; undefined otherwise. */
  take(session: number): number | undefined {
    if (session >= this.users.length) return undefined;
    const user = this.users[session];
    if (user === NOT_CARRIED) return undefined;
    this.users[session] = NOT_CARRIED;
    this.size--;
    return user;
  }
}

/** An event of the history received at or after the start: delivered in the run, late. */
export interface ReceivedLater extends EventView {
  readonly processingTime: number;
  readonly late: boolean;
  /** Its index in its session, for the faults' decisions. */
  readonly index: number;
}

/**
 * Runs the engine through the simulated history before `start` without emitting it, so
 * that the run begins the way a site is at any moment: sessions in progress at every
 * step of their journeys, not all of them arriving at once. Returns the first event at
 * or after `start` (the engine's reused view, or null when the engine ends first) and
 * the sessions carried over. The engine's counts are reset to describe the run: a
 * carried session is counted when it first emits in the run (see `countCarried`).
 */
export async function spendHistory(
  engine: Engine,
  start: number,
  schedule: ReleaseSchedule,
  signal?: AbortSignal,
  /** With late delivery: where the events of the history received at or after the start go, with the position the faults read. */
  keep?: { readonly into: ReceivedLater[]; readonly position: { index: number } | null },
): Promise<{ first: EventView | null; carried: CarriedSessions }> {
  let event = engine.next();
  for (let n = 1; event !== null && event.time < start; n++) {
    schedule.history?.(event);
    // A late event of the history may be received after the start: the run delivers it, so
    // that late events are at their share from the first second.
    const { processingTime, late } = engine.delivery;
    if (keep !== undefined && processingTime >= start) {
      keep.into.push({ time: event.time, type: event.type, session: event.session, layout: event.layout, values: event.values.slice(), origin: event.values, processingTime, late, index: keep.position?.index ?? 0 });
    }
    if (n % SLICE === 0) {
      await yieldToEventLoop();
      // Stopped while getting ready: the run ends before its first event.
      if (signal?.aborted === true) {
        keep?.into.splice(0);
        return { first: null, carried: new CarriedSessions([]) };
      }
    }
    event = engine.next();
  }
  const carried = new CarriedSessions(engine.openSessions().filter((session) => session.events > 0 && session.state !== ENDING));
  const stats = engine.stats;
  stats.events = event === null ? 0 : 1;
  stats.sessions = 0;
  stats.users.clear();
  engine.restartCounts(event !== null);
  if (event !== null) countCarried(engine, carried, event.session);
  return { first: event, carried };
}

/** Counts a carried session, and its user, at its first event of the run. */
export function countCarried(engine: Engine, carried: CarriedSessions, session: number): void {
  const user = carried.take(session);
  if (user === undefined) return;
  engine.stats.sessions++;
  if (user >= 0) engine.stats.users.add(user);
}
