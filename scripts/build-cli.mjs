// Bundles the CLI into one file: start-up then reads one module instead of hundreds
// (zod alone is over a hundred files). Packages outside the core stay external, so
// sink clients (Kafka, Redis) still load only when such a sink is used.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const BUNDLED = new Set(['zod', 'yaml', 'commander']);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.has(name));

// The worker of real-time runs is a second entry, next to the CLI (both resolve it as ./run-ahead-worker.js).
await build({
  entryPoints: { clickgen: 'src/cli/main.ts', 'run-ahead-worker': 'src/run-ahead-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // Some bundled CommonJS code calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
