import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread from a module beside this one (`name` without extension). Run from
 * source (the tests, under tsx), the worker registers tsx's loader itself: a worker's entry
 * module is loaded before the `--import` hooks it inherits take effect. Built, the CLI bundle
 * and its worker bundles sit side by side in dist/ as well.
 */
export function startWorker(name: string, resourceLimits?: ResourceLimits): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { resourceLimits });
  const source = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`, { eval: true, resourceLimits });
}
