import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AheadPool } from '../../src/pipeline/worker/ahead-pool.js';
import { lowerOtherThreads } from '../../src/pipeline/worker/thread-priority.js';

/** Each thread's niceness, by thread id (Linux: the 19th field of /proc/self/task/ID/stat). */
function niceness(): Map<number, number> {
  const threads = new Map<number, number>();
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${id}/stat`, 'utf8').split(') ')[1].split(' ');
      threads.set(Number(id), Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return threads;
}

test('a pool lowers every thread but the main one once its worker runs, so releases find a core', { skip: process.platform !== 'linux' ? 'thread priorities are per thread on Linux only' : false }, async () => {
  assert.equal(niceness().get(process.pid), 0);
  const pool = new AheadPool({ aheadMs: 1_000, youngGenerationMb: 8 });
  try {
    // The pool lowers the threads when its worker comes online.
    for (let waited = 0; waited < 5_000 && [...niceness().values()].filter((n) => n === 10).length < 2; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const threads = niceness();
    assert.equal(threads.get(process.pid), 0, 'the main thread keeps its priority');
    const others = [...threads].filter(([id]) => id !== process.pid);
    assert.ok(others.length >= 2, `${others.length} other threads`);
    for (const [id, nice] of others) assert.equal(nice, 10, `thread ${id}`);
  } finally {
    await pool.close();
  }
  lowerOtherThreads(12);
  for (const [id, nice] of niceness()) assert.equal(nice, id === process.pid ? 0 : 12, `thread ${id}`);
});
