import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread from a module beside this one (`name` without extension). Run from
 * source (the tests, under tsx), the worker registers tsx's loader itself: a worker's entry
 * module is loaded before the `--import` hooks it inherits take effect. Built, the CLI bundle
 * and its worker bundles sit side by side in dist/ as well.
 *
 * A worker writes nothing to stdout (what it makes comes by messages), so its stdout is not
 * piped into the process's: each pipe hung listeners on the process's stdout, and with 64
 * workers the sink's wait for a drain was the listener over the limit that warns of a leak.
 * Their stderr still reaches the process's.
 */
export function startWorker(name: string, resourceLimits?: ResourceLimits): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { resourceLimits, stdout: true });
  const source = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`, { eval: true, resourceLimits, stdout: true });
}
