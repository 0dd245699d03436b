// Bundles the CLI into one file: start-up then reads one module instead of hundreds
// (zod alone is over a hundred files). Packages outside the core stay external, so
// sink clients (Kafka, Redis) still load only when such a sink is used.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const BUNDLED = new Set(['zod', 'yaml', 'commander']);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.has(name));

// The workers of real-time runs and of --workers, the thread of the server's page, the Parquet thread and the
// Kafka sink's compression thread are entries of their own next to the CLI (which resolves them as ./ahead-worker.js,
// ./shard-worker.js, ./page-worker.js, ./parquet-worker.js and ./kafka-compress-worker.js).
await build({
  entryPoints: {
    clickgen: 'src/cli/main.ts',
    'ahead-worker': 'src/pipeline/worker/ahead-worker.ts',
    'shard-worker': 'src/pipeline/worker/shard-worker.ts',
    'page-worker': 'src/server/ui/page-worker.ts',
    'parquet-worker': 'src/pipeline/worker/parquet-worker.ts',
    'kafka-compress-worker': 'src/sinks/kafka-compress-worker.ts',
  },
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
  plugins: [kafkaLibraryBeside()],
});

// The Kafka client library as one file of its own beside the CLI, loaded only by a run to Kafka:
// one module instead of its hundred-odd saves a tenth of a second or more of each such run.
// @platformatic/wasm-utils stays a package: it reads its .wasm file from beside its own module.
await build({
  entryPoints: { 'kafka-library': 'src/sinks/kafka-library.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@platformatic/wasm-utils'],
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [optionValidatorsOnFirstUse()],
});

/**
 * The Kafka library compiles a JSON Schema validator for the options of every client call at
 * import (some thirty, mostly the admin client's), which took more than a tenth of a second of
 * each run to Kafka. Each `export const NAME = ajv.compile(SCHEMA);` becomes a validator that
 * compiles on its first call, with the same `errors` after each call (all the library reads of
 * one). A line of another form is left as it is: compiled at import, as before.
 */
function optionValidatorsOnFirstUse() {
  const eager = /^export const (\w+) = ajv\.compile\((\w+)\);$/gm;
  const helper = `
function compiledOnFirstUse(compile) {
  let compiled;
  const validate = function (data) {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = null;
  return validate;
}
`;
  return {
    name: 'option-validators-on-first-use',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]@platformatic[\\/]kafka[\\/]dist[\\/].*\.js$/ }, ({ path }) => {
        const text = readFileSync(path, 'utf8');
        const lazy = text.replace(eager, 'export const $1 = compiledOnFirstUse(() => ajv.compile($2));');
        return lazy === text ? undefined : { contents: lazy + helper, loader: 'js' };
      });
    },
  };
}

/** The CLI's bundles import ./kafka-library.js at run time (the file built above) instead of bundling it. */
function kafkaLibraryBeside() {
  return {
    name: 'kafka-library-beside',
    setup(builder) {
      builder.onResolve({ filter: /\/kafka-library\.js$/ }, () => ({ path: './kafka-library.js', external: true }));
    },
  };
}

// The built-in scenarios, parsed and validated once here (see src/scenario/builtin-cache.ts).
// One that extends another file or names a vocabulary is left out: its text alone does not say what it holds.
const { BUILTIN_CACHE_FILE, textHash } = await import('../dist/scenario/builtin-cache.js');
rmSync(BUILTIN_CACHE_FILE, { force: true });
const { listBuiltins, loadScenario, rawScenario } = await import('../dist/scenario/load.js');
const builtins = {};
for (const { name, file } of listBuiltins()) {
  const text = readFileSync(file, 'utf8');
  if (/^(extends|vocabulary):/m.test(text)) continue;
  builtins[basename(file)] = { sha256: textHash(text), loaded: loadScenario(name), raw: rawScenario(text, name) };
}
writeFileSync(BUILTIN_CACHE_FILE, JSON.stringify(builtins));
