import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startWorker } from '../../threads/start-worker.js';

/** Starts one of the pipeline's worker threads, whose modules sit beside this one (`name` without extension). */
export function startPipelineWorker(name: string, resourceLimits?: ResourceLimits): Worker {
  return startWorker(new URL(`./${name}`, import.meta.url).href, resourceLimits);
}
