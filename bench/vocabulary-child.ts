/**
 * One measured run of a scenario over a fixed span of simulated time, in a fresh process.
 * Usage: vocabulary-child.ts SCENARIO HOURS OUTPUT
 * Prints one JSON line: events, sessions, bytes, seconds, maxRssMB (seconds from the first
 * event to the output closed; loading and compiling the scenario is start-up).
 */
import { existsSync } from 'node:fs';

const built = new URL('../dist/index.js', import.meta.url);
if (!existsSync(built)) throw new Error('bench/vocabulary-child.ts measures the built package: run npm run build first');
const { compileScenario, createEncoder, createSink, loadScenario, run } = (await import(built.href)) as typeof import('../src/index.js');

const [scenario, hoursText, output] = process.argv.slice(2);
const START = Date.UTC(2024, 0, 1);
const compiled = compileScenario(loadScenario(scenario).scenario, 42);
const began = performance.now();
const sink = await createSink(output, { defaults: {}, env: {}, stdout: process.stdout });
const summary = await run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink, start: START, end: START + Number(hoursText) * 3_600_000 });
const seconds = (performance.now() - began) / 1000;
console.log(JSON.stringify({ events: summary.events, sessions: summary.sessions, bytes: summary.bytes, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
