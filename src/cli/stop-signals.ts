import { removeTemporaryFiles } from '../sinks/temporary-files.js';
import { writeLine, type CliIo } from './io.js';

/** The exit code of a process ended by SIGINT, as a shell reports it. */
const EXIT_INTERRUPTED = 130;

/**
 * The first SIGINT or SIGTERM stops the run the way its end does: whole records, files renamed
 * into place, the summary written. A second one, while that finishes, ends the process at once
 * (exit 130), after removing the temporary files of outputs not yet complete. Returns the
 * function that stops listening.
 */
export function stopOnSignals(controller: AbortController, io: Pick<CliIo, 'stderr'>, command: string): () => void {
  let signals = 0;
  const stop = (): void => {
    if (++signals === 1) {
      controller.abort();
      return;
    }
    const removed = removeTemporaryFiles();
    writeLine(io.stderr, `${command}: stopped at once by a second signal${removed === 0 ? '' : `; removed ${removed} unfinished temporary file${removed === 1 ? '' : 's'}`}`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}
