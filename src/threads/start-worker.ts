import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread from `entry`, the URL of its module without the extension, made
 * beside the caller (`new URL('./name', import.meta.url).href`): built, a file of the same
 * folder of dist/, or, from the bundled CLI, a worker bundle beside it (scripts/build-cli.mjs).
 * Run from source (the tests, under tsx), the worker registers tsx's loader itself: a worker's
 * entry module is loaded before the `--import` hooks it inherits take effect.
 *
 * A worker writes nothing to stdout (what it makes comes by messages), so its stdout is not
 * piped into the process's: each pipe hung listeners on the process's stdout, and with 64
 * workers the sink's wait for a drain was the listener over the limit that warns of a leak.
 * Their stderr still reaches the process's.
 */
export function startWorker(entry: string, resourceLimits?: ResourceLimits): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`${entry}.js`), { resourceLimits, stdout: true });
  const source = JSON.stringify(`${entry}.ts`);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`, { eval: true, resourceLimits, stdout: true });
}
