import { Engine } from '../../engine/engine.js';
import type { SimulationModel } from '../../engine/model.js';
import { poissonArrivals } from './paced-scenario.js';

/** What a rate schedule needs to know about a scenario's sessions. */
export interface SessionProfile {
  /** Mean events per session arrival. */
  readonly eventsPerSession: number;
  /** Mean simulated time a session stays open per event it emits, ms (session length ÷ events). */
  readonly msPerEvent: number;
}

const measured = new WeakMap<SimulationModel, SessionProfile>();
const MAX_PILOT_EVENTS = 200_000;

/**
 * Measures the profile with a pilot run of the scenario's first `sessions` sessions (or
 * as many as fit in MAX_PILOT_EVENTS events), one after another and back to back (a concurrency of one and arrivals without gaps), so
 * the pilot's clock is the sum of the session lengths and its count stops exactly at a
 * session boundary. Deterministic: the pilot's sessions are the run's own first
 * sessions. Cached per compiled scenario.
 */
export function sessionProfile(scenario: SimulationModel, start: number, sessions = 1000): SessionProfile {
  const cached = measured.get(scenario);
  if (cached !== undefined) return cached;
  // The profile is the scenario's sessions as such: the timeline's windows would cut some short.
  const backToBack: SimulationModel = { ...scenario, arrivals: poissonArrivals(1e9, 1), timeline: null };
  const pilot = new Engine(backToBack, { start });
  let events = 0;
  let end = start;
  let sessionsSeen = sessions;
  for (let event = pilot.next(); event !== null; event = pilot.next()) {
    end = event.time;
    if (event.session >= sessions) break;
    events++;
    // Sessions that never end (a state machine without a way out) would hold the pilot forever.
    if (events >= MAX_PILOT_EVENTS) {
      sessionsSeen = event.session + 1;
      break;
    }
  }
  // A scenario whose sessions rarely emit anything still needs finite figures.
  const counted = Math.max(events, 1);
  const profile = { eventsPerSession: counted / sessionsSeen, msPerEvent: Math.max(end - start, 1) / counted };
  measured.set(scenario, profile);
  return profile;
}
