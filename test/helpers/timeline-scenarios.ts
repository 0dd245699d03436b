import { Engine } from '../../src/engine/engine.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { compileText } from './run-scenario.js';

export const START = Date.UTC(2024, 0, 1);
export const MINUTE = 60_000;

/**
 * A short funnel at 20 sessions a second over 20,000 users: view, then cart with 30 %,
 * then purchase with 40 %. Sessions last at most 10 s, so a window's counts hardly leak
 * out of it. `extra` is appended YAML (a timeline, experiments, fields); `arrivals` replaces the arrivals; `fields` are more fields (YAML lines indented by two).
 */
export function funnel(extra = '', seed = 1, arrivals = '{ rate: 20 }', fields = ''): CompiledScenario {
  return compileText(
    `name: funnel
population: { users: 20000 }
arrivals: ${arrivals}
states:
  view:
    dwell: { type: constant, value: 5 }
    next: { cart: 0.3 }
  cart:
    dwell: { type: constant, value: 5 }
    next: { purchase: 0.4 }
  purchase:
    dwell: { type: constant, value: 1 }
fields:
  time: { time: epoch-ms }
  type: { ref: event.type }
  user: { ref: user.id }
  session: { ref: session.number }
${fields}${extra}`,
    seed,
  );
}

/** One simulated event as the tests read it. */
export interface Seen {
  readonly time: number;
  readonly type: string;
  readonly session: number;
  readonly user: number | null;
}

/** Runs the engine from START to `end` and returns its events. */
export function run(scenario: CompiledScenario, end: number, shard?: { index: number; count: number }): { events: Seen[]; engine: Engine } {
  const engine = new Engine(scenario, { start: START, end, shard });
  const events: Seen[] = [];
  const user = scenario.schema.indexOf('user');
  for (let e = engine.next(); e !== null; e = engine.next()) {
    events.push({ time: e.time, type: e.type.text, session: e.session, user: user < 0 ? null : (e.values[user] as number | null) });
  }
  return { events, engine };
}

/** Events with a time in [from, to). */
export function within(events: readonly Seen[], from: number, to: number): Seen[] {
  return events.filter((e) => e.time >= from && e.time < to);
}
