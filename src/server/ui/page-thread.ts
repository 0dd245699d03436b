import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../threads/start-worker.js';
import type { PageRoute } from './page-answers.js';
import type { PageRequest } from './page-request.js';

export interface PageThreadRequest {
  readonly id: number;
  readonly route: PageRoute;
  readonly body: PageRequest;
}

export type PageThreadReply = { readonly id: number; readonly json: Record<string, unknown> } | { readonly id: number; readonly error: string };

/**
 * The page's worker thread (page-worker.ts), started on the first request that needs it and
 * started again after a failure. Requests are answered in order of arrival.
 */
export class PageThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (json: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  answer(route: PageRoute, body: PageRequest): Promise<Record<string, unknown>> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, route, body } satisfies PageThreadRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    // The built package runs page-worker.js beside this file (or beside the bundled CLI).
    const worker = startWorker(new URL('./page-worker', import.meta.url).href);
    worker.on('message', (reply: PageThreadReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('json' in reply) waiting?.resolve(reply.json);
      else waiting?.reject(new Error(reply.error));
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the page's thread exited (code ${code})`)));
    // An idle page thread does not keep the process alive.
    worker.unref();
    return worker;
  }
}
