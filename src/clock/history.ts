import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Engine } from '../engine/engine.js';
import type { EventView } from '../engine/event.js';
import { ENDING } from '../engine/session.js';
import type { ReleaseSchedule } from './rate-schedule.js';

/** Events simulated between two yields to the event loop, so other streams keep their pace meanwhile. */
const SLICE = 1_000;

/** Sessions open at the start that have emitted before it: session number → user index (-1 when anonymous). */
export type CarriedSessions = Map<number, number>;

/**
 * Runs the engine through the simulated history before `start` without emitting it, so
 * that the run begins the way a site is at any moment: sessions in progress at every
 * step of their journeys, not all of them arriving at once. Returns the first event at
 * or after `start` (the engine's reused view, or null when the engine ends first) and
 * the sessions carried over. The engine's counts are reset to describe the run: a
 * carried session is counted when it first emits in the run (see `countCarried`).
 */
export async function spendHistory(engine: Engine, start: number, schedule: ReleaseSchedule, signal?: AbortSignal): Promise<{ first: EventView | null; carried: CarriedSessions }> {
  let event = engine.next();
  for (let n = 1; event !== null && event.time < start; n++) {
    schedule.history?.(event);
    if (n % SLICE === 0) {
      await yieldToEventLoop();
      // Stopped while getting ready: the run ends before its first event.
      if (signal?.aborted === true) return { first: null, carried: new Map() };
    }
    event = engine.next();
  }
  const carried: CarriedSessions = new Map();
  for (const session of engine.openSessions()) {
    if (session.events > 0 && session.state !== ENDING) carried.set(session.number, session.userIndex);
  }
  const stats = engine.stats;
  stats.events = event === null ? 0 : 1;
  stats.sessions = 0;
  stats.users.clear();
  if (event !== null) countCarried(engine, carried, event.session);
  return { first: event, carried };
}

/** Counts a carried session, and its user, at its first event of the run. */
export function countCarried(engine: Engine, carried: CarriedSessions, session: number): void {
  const user = carried.get(session);
  if (user === undefined) return;
  carried.delete(session);
  engine.stats.sessions++;
  if (user >= 0) engine.stats.users.add(user);
}
