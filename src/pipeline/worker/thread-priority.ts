import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of every thread of this process but its main thread, on
 * Linux (where priorities are per thread and lowering needs no privilege); elsewhere it
 * does nothing.
 *
 * A real-time run releases records from the main thread while a worker thread simulates
 * them, and V8's garbage-collection helpers run in threads of their own. On a machine with
 * few cores, a collection of the worker's heap of a million sessions kept every core busy
 * for tens of milliseconds, sometimes for a second, and the main thread waited for a core:
 * p99 lateness at 100,000 events/s was 9-15 ms with stalls of 0.4-1.4 s in some runs, and
 * 7 ms with no stall once the other threads gave way.
 */
export function lowerOtherThreads(niceness = 10): void {
  if (process.platform !== 'linux') return;
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const thread of threads) {
    const id = Number(thread);
    if (id === process.pid) continue;
    try {
      setPriority(id, niceness);
    } catch {
      // A thread that ended meanwhile, or a system that refuses: the run works, only less promptly.
    }
  }
}
