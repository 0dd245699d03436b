import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { PageAnswers } from './page-answers.js';
import type { PageThreadRequest, PageThreadReply } from './page-thread.js';

/**
 * The thread that answers the page's API: compiling a pasted scenario, laying out its
 * journey and simulating a preview take tens to hundreds of ms, which must not hold up
 * the server's main thread while it releases the records of paced streams.
 */
const answers = new PageAnswers();
try {
  // On Linux the nice value is per thread: this thread gives way to the streams'.
  setPriority(0, 10);
} catch {
  // A system that refuses: the page works, the streams only have one more thread to share cores with.
}
parentPort!.on('message', (message: PageThreadRequest) => {
  void answers.answer(message.route, message.body).then(
    (json): void => parentPort!.postMessage({ id: message.id, json } satisfies PageThreadReply),
    (error: unknown): void => parentPort!.postMessage({ id: message.id, error: (error as Error).message } satisfies PageThreadReply),
  );
});
