import { Domain, streamFor } from '../random/prng.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { ArrivalProcess } from './arrivals.js';
import type { EventView, FieldValue } from './event.js';
import { ENDING, Session, type RunState } from './session.js';
import { SessionHeap } from './session-heap.js';

export interface EngineOptions {
  /** Simulated start, epoch ms. */
  readonly start: number;
  /** Stop after this many events. */
  readonly count?: number;
  /** Stop before this simulated time, epoch ms. */
  readonly end?: number;
  /** Multiplies the session arrival rate. */
  readonly arrivalScale?: number;
}

export interface EngineStats {
  /** Sessions that emitted at least one event. */
  sessions: number;
  /** Distinct known users among them. */
  readonly users: Set<number>;
  events: number;
}

/**
 * The discrete-event simulation: sessions wait in a heap ordered by their next event
 * time, new sessions arrive from the arrival process, and `next()` returns events in
 * non-decreasing event time. No I/O and no wall clock: time is whatever the scenario
 * and the start say, so the same inputs give the same events.
 */
export class Engine {
  private readonly heap = new SessionHeap();
  private readonly arrivals: ArrivalProcess;
  private readonly run: RunState;
  private readonly view: EventView;
  private readonly count: number;
  private readonly end: number;
  private nextArrival: number;
  private nextSessionNumber = 0;
  private active = 0;
  /** Time of the last step: a session held back by the concurrency cap starts no earlier. */
  private now: number;
  readonly stats: EngineStats = { sessions: 0, users: new Set(), events: 0 };

  constructor(
    private readonly scenario: CompiledScenario,
    options: EngineOptions,
  ) {
    this.count = options.count ?? Infinity;
    this.end = options.end ?? Infinity;
    this.now = options.start;
    this.run = { counters: new Float64Array(scenario.counterCount) };
    this.arrivals = new ArrivalProcess(scenario.arrivals, streamFor(scenario.seed, Domain.arrivals, 0), options.start, options.arrivalScale ?? 1);
    // The first session arrives at the start; later ones follow the arrival process.
    this.nextArrival = options.start;
    const values = new Array<FieldValue>(scenario.schema.fields.length);
    this.view = { time: 0, type: scenario.syms.get(''), session: 0, layout: scenario.schema.layouts[0] ?? { id: -1, columns: [] }, values };
  }

  /**
   * Changes the arrival multiplier from the current simulated time on (real-time pacing
   * steers it to hold an event rate). A pending arrival is drawn again at the new rate.
   */
  setArrivalScale(scale: number): void {
    if (this.nextArrival > this.now) {
      this.arrivals.rescale(scale, this.now);
      this.nextArrival = this.arrivals.next();
    } else this.arrivals.rescale(scale);
  }

  /** Sessions in progress. */
  get activeSessions(): number {
    return this.active;
  }

  /** The sessions in progress, in no particular order (read only). */
  openSessions(): readonly Session[] {
    return this.heap.values();
  }

  /** The next event, or null when the count or the end time is reached. The view is reused. */
  next(): EventView | null {
    if (this.stats.events >= this.count) return null;
    const cap = this.scenario.arrivals.maxConcurrent;
    for (;;) {
      const top = this.heap.peek();
      const topTime = top === undefined ? Infinity : top.time;
      if (this.nextArrival < topTime && this.active < cap) {
        const start = Math.max(this.nextArrival, this.now);
        if (start >= this.end) return null;
        this.startSession(start);
        this.nextArrival = this.arrivals.next();
        continue;
      }
      if (top === undefined || topTime >= this.end) return null;
      this.now = topTime;
      if (this.step(top)) {
        this.stats.events++;
        return this.view;
      }
    }
  }

  private startSession(time: number): void {
    const scenario = this.scenario;
    const population = scenario.population;
    const number = this.nextSessionNumber++;
    const rng = streamFor(scenario.seed, Domain.session, number);
    const session = new Session(number, time, rng, scenario.varCount, this.run);
    const anonymous = population.anonymousRate > 0 && rng.next() < population.anonymousRate;
    if (!anonymous) {
      session.userIndex = population.pick(rng);
      session.userId = population.userId(session.userIndex);
      // A user's segment and attributes come from the user's own stream: the same in every session.
      session.rng = streamFor(scenario.seed, Domain.user, session.userIndex);
    }
    if (population.segments !== null) session.machine = population.segments.pick(session.rng);
    for (const [slot, evaluate] of population.attributes) session.vars[slot] = evaluate(session);
    session.rng = rng;
    const machine = scenario.machines[session.machine]!;
    session.segment = machine.segment;
    session.id = machine.sessionId(session);
    for (const [slot, evaluate] of machine.sessionVars) session.vars[slot] = evaluate(session);
    session.state = machine.initial;
    this.active++;
    this.heap.push(session);
  }

  /** Enters the top session's next state. Returns true when it emitted an event into the view. */
  private step(session: Session): boolean {
    if (session.state === ENDING) {
      this.heap.pop();
      this.active--;
      return false;
    }
    const machine = this.scenario.machines[session.machine]!;
    const state = machine.states[session.state]!;
    session.stateName = state.name;
    for (const [slot, evaluate] of state.set) session.vars[slot] = evaluate(session);
    let emitted = false;
    if (state.eventType !== null) {
      session.eventType = state.eventType;
      const view = this.view;
      view.time = session.time;
      view.type = state.eventType;
      view.session = session.number;
      view.layout = state.layout;
      const values = view.values;
      for (const [column, evaluate] of state.fields) values[column] = evaluate(session);
      if (session.events === 0) {
        this.stats.sessions++;
        if (session.userIndex >= 0) this.stats.users.add(session.userIndex);
      }
      session.events++;
      emitted = true;
    }
    const next = state.transitions === null ? -1 : state.targets[state.transitions.pick(session.rng)]!;
    const dwell = state.dwell.sample(session.rng);
    session.time += dwell > 0 ? Math.round(dwell * 1000) : 0;
    session.state = next >= 0 && session.time - session.start <= machine.maxDurationMs ? next : ENDING;
    this.heap.updateTop();
    return emitted;
  }
}
