/**
 * Memory of concurrent sessions: gift-shop with arrivals fast enough to hold a million
 * sessions open at once (each keeps its stream, variables and place in the heap), and
 * every event encoded as NDJSON, as `clickgen generate` does (the encoder keeps a few
 * bytes per session).
 *   node --import tsx bench/sessions.ts [sessions]
 */
import { NdjsonEncoder } from '../src/encode/ndjson.js';
import { Engine } from '../src/engine/engine.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/load.js';
import { fmt, machine } from './lib.js';

const target = Number(process.argv[2] ?? 1_000_000);
const loaded = loadScenario('gift-shop', ['arrivals.rate=500000', `arrivals.max_concurrent=${target}`]);
const compiled = compileScenario(loaded.scenario, 1);
const engine = new Engine(compiled, { start: Date.UTC(2024, 0, 1) });
const encoder = new NdjsonEncoder(compiled.schema);
const out = new Uint8Array(1 << 20);
const began = performance.now();
let events = 0;
let offset = 0;
while (engine.activeSessions < target) {
  const event = engine.next();
  if (event === null) break;
  offset = encoder.encode(event, out, offset);
  if (offset < 0 || offset > out.length - 4096) offset = 0;
  events++;
}
const seconds = (performance.now() - began) / 1000;
global.gc?.();
const { rss, heapUsed } = process.memoryUsage();
console.log(`concurrent sessions: ${fmt(engine.activeSessions)} open after ${fmt(events)} events in ${seconds.toFixed(1)} s; ${machine()}`);
console.log(`  RSS ${(rss / 2 ** 20).toFixed(0)} MB, heap used ${(heapUsed / 2 ** 20).toFixed(0)} MB, ${((heapUsed / engine.activeSessions) | 0)} heap bytes per session (target: RSS < 1536 MB)`);
