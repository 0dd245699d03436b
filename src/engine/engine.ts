import { UsageError } from '../errors.js';
import { Domain, streamFor } from '../random/prng.js';
import type { Assignments, CompiledState, SimulationModel } from './model.js';
import { eventView, type EventView, type FieldValue } from './event.js';
import { Lanes, planLanes, type Lane } from './lanes.js';
import { ENDING, EVALUATE, readSession, Session, type RunState } from './session.js';
import { SessionHeap } from './session-heap.js';
import { IndexSet } from './index-set.js';
import { keep } from './sym.js';
import { ownerOf, type Shard } from './shards.js';
import { Visitors } from './visitors.js';
import { Timeline } from './timeline.js';
import { Behaviour } from './behaviour.js';
import { Experiments } from './experiments.js';

/** So many sessions in a row without an event mean the scenario cannot emit (see step). */
const MAX_SILENT_SESSIONS = 1_000_000;

export interface EngineOptions {
  /** Simulated start, epoch ms. */
  readonly start: number;
  /** Stop after this many events. */
  readonly count?: number;
  /** Stop before this simulated time, epoch ms. */
  readonly end?: number;
  /** Multiplies the session arrival rate. */
  readonly arrivalScale?: number;
  /** Simulate only the sessions of this shard's lanes (src/engine/shards.ts, lanes.ts). */
  readonly shard?: Shard;
  /** The run's start, that timeline windows given as +DURATION count from (default `start`; a real-time run's history starts earlier). */
  readonly runStart?: number;
}

export interface EngineStats {
  /** Sessions that emitted at least one event. */
  sessions: number;
  /** Distinct known users among them. */
  readonly users: IndexSet;
  events: number;
}

/**
 * The discrete-event simulation: sessions wait in a heap ordered by their next event
 * time, new sessions arrive from the lanes' arrival processes, and `next()` returns events in
 * non-decreasing event time. No I/O and no wall clock: time is whatever the scenario
 * and the start say, so the same inputs give the same events.
 */
export class Engine {
  private readonly heap = new SessionHeap();
  private readonly lanes: Lanes;
  /** The concurrency cap at a time (a schedule may scale it). */
  private readonly capAt: (t: number) => number;
  /** When the cap is reached: 0 waits for a free slot, else the arrival looks again this many ms later. */
  private readonly retryMs: number;
  private readonly visitors: Visitors | null;
  private readonly run: RunState;
  private readonly view: EventView;
  private readonly count: number;
  private readonly end: number;
  private readonly shard: Shard | null;
  /** Whether this shard draws the other shards' arrivals (a run whose lanes share one arrival process). */
  private readonly skips: boolean;
  /**
   * Whether another shard's sessions are walked here too, without emitting: when sessions
   * share state (a varying cap, run-wide counters), each shard needs all of them to
   * keep its own exact. Otherwise they are not simulated at all.
   */
  private readonly shadows: boolean;
  private active = 0;
  /** Sessions in a row that ended without an event. */
  private silentSessions = 0;
  /** Time of the last step: a session held back by the concurrency cap starts no earlier. */
  private now: number;
  readonly stats: EngineStats = { sessions: 0, users: new IndexSet(), events: 0 };
  /** The run's timeline windows, placed; null without. */
  readonly timeline: Timeline | null;
  /** The experiments' arms and counts; null without. */
  readonly experiments: Experiments | null;
  /** Transitions changed by time or arm; null when none are. */
  private readonly behaviour: Behaviour | null;
  /** The timeline when it fails event types, else null: no step looks at it. */
  private readonly failing: Timeline | null;
  /**
   * The session of the event last returned, for the experiments: it is counted when the next
   * event is asked for, so an event a real-time run makes but does not write (the one past its
   * end) is not counted.
   */
  private uncounted: Session | null = null;
  /** With `delivery`: when the last event returned is received, and whether it is late. */
  readonly delivery = { processingTime: 0, late: false };

  constructor(
    private readonly scenario: SimulationModel,
    options: EngineOptions,
  ) {
    this.count = options.count ?? Infinity;
    this.end = options.end ?? Infinity;
    this.shard = options.shard === undefined || options.shard.count === 1 ? null : options.shard;
    const plan = planLanes(scenario);
    this.timeline = scenario.timeline === null ? null : new Timeline(scenario, options.runStart ?? options.start, options.end);
    this.experiments = scenario.experiments === null ? null : new Experiments(scenario.experiments, scenario.seed);
    const armsChange = scenario.experiments?.some((experiment) => experiment.arms.some((arm) => arm.transitions !== null)) ?? false;
    const changes = armsChange || (this.timeline?.changing.some((windows) => windows.length > 0) ?? false);
    this.behaviour = changes ? new Behaviour(scenario, this.timeline) : null;
    this.failing = this.timeline?.fails === true ? this.timeline : null;
    this.lanes = new Lanes(scenario, plan, options.start, options.arrivalScale ?? 1, this.shard, this.timeline?.warps === true ? this.timeline : null);
    this.skips = this.shard !== null && !plan.split;
    this.shadows = plan.shadows;
    this.now = options.start;
    this.run = { counters: new Float64Array(scenario.counterCount) };
    // Lanes that run one session at a time hold the cap themselves.
    this.capAt = plan.oneAtATime ? () => Number.MAX_SAFE_INTEGER : scenario.arrivals.capAt;
    this.retryMs = scenario.arrivals.retryMs;
    const { population, arrivals } = scenario;
    this.visitors = population.returning === null ? null : new Visitors(population, scenario.seed, arrivals.zones?.names.length ?? 1, plan.split ? plan.count : 1);
    const values = new Array<FieldValue>(scenario.schema.fields.length);
    this.view = eventView(0, scenario.syms.get(''), 0, scenario.schema.layouts[0] ?? { id: -1, columns: [] }, values);
  }

  /**
   * Changes the arrival multiplier from the current simulated time on (real-time pacing
   * steers it to hold an event rate). A pending arrival is drawn again at the new rate.
   */
  setArrivalScale(scale: number): void {
    this.lanes.rescale(scale, this.now);
  }

  /**
   * Counts the experiments from zero, or from the event just returned on (`fromLast`): a
   * real-time run's history before its start is not in the run (src/pipeline/pacing/history.ts).
   */
  restartCounts(fromLast: boolean): void {
    this.experiments?.restart();
    if (!fromLast) this.uncounted = null;
  }

  /** Sessions in progress. */
  get activeSessions(): number {
    return this.active;
  }

  /** The sessions in progress, in no particular order (read only). */
  openSessions(): readonly Session[] {
    return this.heap.values();
  }

  /**
   * Counts the event last returned in the experiments now, instead of when the next is asked
   * for: a run that stops at its count without asking the engine (a real-time run) wrote it.
   */
  countLast(): void {
    const uncounted = this.uncounted;
    if (uncounted !== null) {
      this.experiments!.count(uncounted, uncounted.eventType!.index);
      this.uncounted = null;
    }
  }

  /** The next event, or null when the count or the end time is reached. The view is reused. */
  next(): EventView | null {
    this.countLast();
    if (this.stats.events >= this.count) return null;
    for (;;) {
      const topTime = this.heap.peekTime();
      const lane = this.lanes.peek();
      const arrival = lane === undefined ? Infinity : lane.ready;
      // Arrivals and steps go in (time, session number) order, the order of every split. Equal
      // times are both Infinity only when neither is left (a shard or worker that owns no
      // lanes): checked in the tie alone, off the common path.
      if (arrival < topTime || (arrival === topTime && topTime !== Infinity && lane!.number < this.heap.peek()!.number)) {
        if (this.active < this.capAt(arrival)) {
          const start = Math.max(arrival, this.now);
          if (start >= this.end) return null;
          this.startSession(lane!, start);
          this.lanes.advance(lane!);
          continue;
        }
        if (this.retryMs > 0) {
          // Every slot is taken: look again later rather than the moment one frees up.
          this.lanes.retry(lane!, this.retryMs);
          continue;
        }
      }
      if (topTime >= this.end) return null;
      const top = this.heap.peek()!;
      this.now = topTime;
      if (top.state === ENDING) {
        this.finish(top);
        continue;
      }
      const emitted = this.step(top);
      // Here rather than in step: the heap's sift would take most of step's inlining budget,
      // and the random draws step makes would then be calls (see docs/benchmarks.md). A step
      // that only ended the session (idle, outage) left the top's time as it was: no move.
      this.heap.updateTop();
      if (emitted) {
        this.stats.events++;
        return this.view;
      }
    }
  }

  private startSession(lane: Lane, time: number): void {
    const scenario = this.scenario;
    const population = scenario.population;
    const number = lane.number;
    const rng = streamFor(scenario.seed, Domain.session, number);
    // Who comes is drawn first, from the session's stream, by every shard alike.
    // The lane has not moved on yet: its pending arrival's zone is this session's.
    const zone = lane.zoned === null ? 0 : lane.zoned.zone;
    const anonymous = lane.anonymousRate > 0 && rng.next() < lane.anonymousRate;
    let userIndex = -1;
    let returning: boolean | null = null;
    let visit: number | null = null;
    if (!anonymous) {
      if (this.visitors !== null) ({ index: userIndex, returning, visit } = this.visitors.pick(rng, zone, lane.index));
      else if (this.lanes.plan.split) userIndex = lane.index + this.lanes.plan.count * Math.floor(rng.next() * lane.users);
      else userIndex = population.pick(rng, number);
    }
    const owned = !this.skips || ownerOf(anonymous ? number : userIndex, this.lanes.plan.count, this.shard!.count) === this.shard!.index;
    if (!owned && !this.shadows) return;
    const session = new Session(number, time, rng, scenario.varCount, this.run);
    session.owned = owned;
    session.lane = lane.index;
    if (scenario.arrivals.zones !== null) session.timezone = scenario.arrivals.zones.names[zone];
    if (!anonymous) {
      session.userIndex = userIndex;
      session.returning = returning;
      session.visit = visit;
      session.userId = keep(population.userId(userIndex));
      // A user's segment and attributes come from the user's own stream: the same in every session.
      session.rng = streamFor(scenario.seed, Domain.user, userIndex);
    }
    if (this.experiments !== null) this.experiments.assign(session);
    if (population.segments !== null) session.machine = population.segments.pick(session.rng);
    const machine = scenario.machines[session.machine];
    // Attributes may depend on the segment (spending by segment).
    session.segment = machine.segment;
    assign(session, population.attributes);
    session.rng = rng;
    session.id = keep(machine.sessionId(session));
    assign(session, machine.sessionVars);
    session.deadline = time + machine.lengthMs(session);
    session.state = machine.initial;
    enterState(session, machine.states[machine.initial]);
    this.active++;
    this.heap.push(session);
  }

  /** Takes the top session, which has written its last event and left its last page, off the heap. */
  private finish(session: Session): void {
    this.heap.pop();
    this.active--;
    if (this.lanes.plan.oneAtATime) this.lanes.release(session.lane, this.now);
    if (session.events > 0) this.silentSessions = 0;
    else if (++this.silentSessions >= MAX_SILENT_SESSIONS) {
      // Without this a run asked for a count of events would simulate forever.
      throw new UsageError(
        'SCENARIO_SILENT',
        `scenario ${this.scenario.name}: ${MAX_SILENT_SESSIONS.toLocaleString('en-US')} sessions in a row ended without an event; make a state with an event reachable before the session ends (session length, transitions, dwell times)`,
      );
    }
  }

  /** Enters the top session's next state (not ENDING). Returns true when it emitted an event into the view. */
  private step(session: Session): boolean {
    const machine = this.scenario.machines[session.machine];
    const state = machine.states[session.state];
    if (state.eventType !== null && session.events > 0 && session.time - session.lastEvent > this.scenario.sessionTimeoutMs) {
      // The user was idle longer than the session timeout: the session ended at its last event,
      // as analytics tools sessionize it, and the user's next activity is a session of its own.
      session.state = ENDING;
      return false;
    }
    if (this.failing !== null && state.eventType !== null && this.failing.failsAt(state.eventType.index, session.time)) {
      // An outage: the step fails and the user leaves, with nothing written (docs/scenario-format.md#traffic-timelines-timeline).
      session.state = ENDING;
      return false;
    }
    session.stateName = state.name;
    const setSlots = state.setSlots;
    for (let i = 0; i < setSlots.length; i++) session.vars[setSlots[i]] = state.setValues[i](session);
    if (state.cart !== null) state.cart(session);
    let emitted = false;
    if (state.eventType !== null) {
      session.lastEvent = session.time;
      const delivery = this.scenario.delivery;
      if (delivery !== null) {
        this.delivery.late = delivery.assign(session);
        this.delivery.processingTime = session.processingTime;
      }
      session.eventType = state.eventType;
      const view = this.view;
      view.time = session.time;
      view.type = state.eventType;
      view.session = session.number;
      view.layout = state.layout;
      const values = view.values;
      const columns = state.fieldColumns;
      const evaluators = state.fieldValues;
      const slots = state.fieldSlots;
      const vars = session.vars;
      for (let i = 0; i < columns.length; i++) {
        const slot = slots[i];
        values[columns[i]] = slot >= 0 ? vars[slot] : slot === EVALUATE ? evaluators[i](session) : readSession(session, slot);
      }
      if (session.events === 0 && session.owned) {
        this.stats.sessions++;
        if (session.userIndex >= 0) this.stats.users.add(session.userIndex);
      }
      if (this.experiments !== null && session.owned) this.uncounted = session;
      session.events++;
      emitted = session.owned;
    }
    const picker = this.behaviour === null ? state : this.behaviour.picker(session, this.timeline === null ? 0 : this.timeline.pieceAt(session.time), state);
    const next = picker.choose !== null ? picker.choose(session) : picker.transitions === null ? -1 : picker.targets[picker.transitions.pick(session.rng)];
    const dwell = state.dwell(session);
    session.time += dwell > 0 ? Math.round(dwell * 1000) : 0;
    if (next >= 0 && session.time <= session.deadline) {
      session.state = next;
      enterState(session, machine.states[next]);
    } else session.state = ENDING;
    return emitted;
  }
}

/** Draws session-long values; strings become Syms, encoded once for all the session's events. */
function assign(session: Session, assignments: Assignments): void {
  const { slots, values } = assignments;
  for (let i = 0; i < slots.length; i++) session.vars[slots[i]] = keep(values[i](session));
}

/** Draws a state's entry variables, then waits its delay: both come before the state's event. */
function enterState(session: Session, state: CompiledState): void {
  const { slots, values } = state.enter;
  for (let i = 0; i < slots.length; i++) session.vars[slots[i]] = values[i](session);
  if (state.delay !== null) {
    const seconds = state.delay(session.rng, session.time);
    if (seconds > 0) session.time += Math.round(seconds * 1000);
  }
}
