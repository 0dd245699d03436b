import { RunError } from '../errors.js';
import type { RunSummary } from './run-summary.js';
import { OutputClosed } from '../sinks/output-closed.js';
import type { Sink, SinkOpenContext, SinkStats } from '../sinks/types.js';

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
      const counts = sink.stats();
      await sink.abort();
      throw withCounts(error, counts);
    }
    return 'output-closed';
  }
}

/**
 * A failure of the output says how far the run got: no answer key is written for a run that did not end.
 * The counts are what the output was handed, not what it kept: a file or stream takes bytes
 * before the system writes them (a full disk refuses them later), while Kafka and Redis count
 * only what they acknowledged.
 */
function withCounts(error: unknown, counts: SinkStats): unknown {
  if (!(error instanceof RunError)) return error;
  const failed = counts.failed > 0 ? `; ${counts.failed.toLocaleString('en-US')} failed` : '';
  return new RunError(error.code, `${error.message} (${counts.delivered.toLocaleString('en-US')} events, ${counts.bytes.toLocaleString('en-US')} bytes handed to the output before${failed})`, error.retriable, { cause: error.cause });
}
