/**
 * What docs/scale-out.md says holds of shards' outputs: the same lines as the single run, each
 * shard in the single run's order; and what does not: a merge by the records' timestamps is not
 * the single run where timestamps tie across shards (travel's CSV is to the second), since the
 * single run breaks ties by a session number no record carries.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';

const RUN = ['generate', '-s', 'travel', '--seed', '7', '--start', '2024-01-01', '--duration', '10m', '--format', 'csv', '--no-header', '-q'];

async function lines(flags: readonly string[]): Promise<string[]> {
  const result = await runInProcess([...RUN, ...flags]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.split('\n').filter((line) => line !== '');
}

test('travel CSV in 2 shards: the single run’s lines, each shard in its order, but a merge by timestamp is not its order', async () => {
  const single = await lines([]);
  const shards = [await lines(['--shard', '0/2']), await lines(['--shard', '1/2'])];
  assert.deepEqual(shards.flat().sort(), [...single].sort(), 'the same lines');
  for (const shard of shards) {
    let at = 0;
    for (const line of single) if (line === shard[at]) at++;
    assert.equal(at, shard.length, 'a shard is the single run with the other shard’s records left out');
  }
  // The timestamp is the third column; a stable sort keeps each shard's own order in a tie.
  const time = (line: string): string => line.split(',')[2];
  const merged = shards.flat().sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0));
  assert.ok(merged.some((line, i) => line !== single[i]), 'ties between shards at the same second come out in another order than the single run’s');
  const ties = new Set(shards[0].map(time).filter((t) => shards[1].some((line) => time(line) === t)));
  assert.ok(ties.size > 10, `many seconds with records of both shards (${ties.size})`);
});
