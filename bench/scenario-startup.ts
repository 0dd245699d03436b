/**
 * Start-up cost of the built-in scenarios: loading (YAML, extends, settings, schema,
 * rules) and compiling (catalogs, segment journeys), and the 50,000-row product catalog
 * of `ecommerce` on its own.
 * Run: node --import tsx bench/scenario-startup.ts
 * Each figure is the median of 7 timed rounds after one warm-up round, as CPU time
 * (user + system) of this process: on a shared machine wall time mostly measures the
 * other processes.
 */
import { loadScenario } from '../src/scenario/load.js';
import { compileScenario } from '../src/scenario/compile.js';
import { compileCatalogs } from '../src/scenario/compile-catalogs.js';
import { SymTable } from '../src/engine/sym.js';

const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(round: () => void): number {
  round();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.cpuUsage();
    round();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

for (const name of ['gift-shop', 'ecommerce', 'ecommerce-users', 'user-behavior']) {
  const load = timed(() => loadScenario(name));
  const loaded = loadScenario(name);
  const compile = timed(() => compileScenario(loaded.scenario, 1));
  console.log(`${name.padEnd(16)} load ${load.toFixed(1).padStart(6)} ms CPU   compile ${compile.toFixed(1).padStart(6)} ms CPU`);
}

const ecommerce = loadScenario('ecommerce').scenario;
const rows = ecommerce.catalogs!.products.size!;
const catalogs = timed(() => compileCatalogs(ecommerce, 1, new SymTable()));
console.log(`ecommerce catalogs: ${rows.toLocaleString('en-US')} products in ${catalogs.toFixed(1)} ms CPU (${Math.round(rows / (catalogs / 1000)).toLocaleString('en-US')} rows/s)`);
