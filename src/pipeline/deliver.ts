import type { RunSummary } from './run-summary.js';
import { OutputClosed } from '../sinks/output-closed.js';
import type { Sink, SinkOpenContext } from '../sinks/types.js';

/**
 * Opens the sink, runs `write` (which hands it batches and says whether a signal stopped it),
 * and closes the sink: output is complete after this. On a failure the sink is aborted
 * (partial files removed) and the error thrown again; a reader that closed the output
 * (`| head`) ends the run quietly.
 */
export async function deliver(sink: Sink, context: SinkOpenContext, write: () => Promise<'complete' | 'signal'>): Promise<RunSummary['ended']> {
  await sink.open(context);
  try {
    const ended = await write();
    await sink.close();
    return ended;
  } catch (error) {
    if (!(error instanceof OutputClosed)) {
      await sink.abort();
      throw error;
    }
    return 'output-closed';
  }
}
