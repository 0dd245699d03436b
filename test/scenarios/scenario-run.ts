/**
 * Runs built-in scenarios for the scenario tests: the engine's events as values (fast,
 * for statistics over large runs) and as parsed NDJSON (what users receive). Golden runs
 * go through the real pipeline with test/helpers/generate.ts.
 */
import { Engine } from '../../src/engine/engine.js';
import type { EventView } from '../../src/engine/event.js';
import { NdjsonEncoder } from '../../src/encode/ndjson.js';
import { compileScenario, type CompiledScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { TEST_START } from '../helpers/generate.js';

/** 2024-01-01T00:00:00Z, a Monday: the start of every test run. */
export const MONDAY = TEST_START;

export function compileBuiltin(name: string, overrides: readonly string[] = [], seed?: number): CompiledScenario {
  const loaded = loadScenario(name, overrides);
  return compileScenario(loaded.scenario, seed ?? loaded.scenario.seed ?? 0, loaded.source);
}

/** Calls `visit` with every event of a run (the view is reused: read it inside `visit`). */
export function forEachEvent(scenario: CompiledScenario, options: { start: number; count?: number; end?: number }, visit: (event: EventView) => void): number {
  const engine = new Engine(scenario, options);
  let n = 0;
  for (let event = engine.next(); event !== null; event = engine.next()) {
    visit(event);
    n++;
  }
  return n;
}

/** The first `count` events as the objects their NDJSON lines parse to. */
export function parsedEvents(scenario: CompiledScenario, start: number, count: number): Record<string, unknown>[] {
  const encoder = new NdjsonEncoder(scenario.schema);
  const buffer = Buffer.alloc(1 << 16);
  const out: Record<string, unknown>[] = [];
  forEachEvent(scenario, { start, count }, (event) => {
    const end = encoder.encode(event, buffer, 0);
    if (end < 0) throw new Error('an event does not fit in 64 KiB');
    out.push(JSON.parse(buffer.toString('utf8', 0, end)) as Record<string, unknown>);
  });
  return out;
}

/** Reads a column of the event being visited by name. */
export function columnReader(scenario: CompiledScenario, name: string): (event: EventView) => unknown {
  const index = scenario.schema.indexOf(name);
  if (index < 0) throw new Error(`no field ${name}`);
  return (event) => {
    const value = event.values[index];
    return event.layout.columns.includes(index) ? value : undefined;
  };
}

/** Text of an interned or plain value. */
export function text(value: unknown): string {
  return String(value);
}
