/**
 * A Kubernetes Indexed Job, simulated: processes of the built CLI with JOB_COMPLETION_INDEX
 * set as the Job controller sets it, one killed mid-run and started again with the same index.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { isSubsequence, lines, pod, SHARDS } from '../helpers/pods.js';

// Long enough that a shard is still writing when it is killed (a shard of 90 days is about 300,000 events).
const RUN = ['generate', '-s', 'shop', '--seed', '11', '--start', '2024-05-01T00:00:00Z', '--duration', '90d', '-q'];

test('Job controller: N pods with JOB_COMPLETION_INDEX, one killed mid-run and rerun with its index; the union is the single run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-job-'));
  try {
    const out = (k: number): string => join(dir, `part-${k}.ndjson`);
    const pods = Array.from({ length: SHARDS }, (_, k) => pod([...RUN, '--shard', 'auto', '-o', out(k)], k));
    const single = pod([...RUN, '-o', join(dir, 'single.ndjson')], null);

    // Kill pod 2 once it has written part of its output (under its temporary name).
    const victim = 2;
    const partial = (): string | undefined => readdirSync(dir).find((name) => name.startsWith(`.part-${victim}.ndjson.tmp-`) && statSync(join(dir, name)).size > 0);
    const deadline = Date.now() + 60_000;
    while (partial() === undefined && !existsSync(out(victim)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(!existsSync(out(victim)), 'pod 2 finished before it could be killed: make the run longer');
    assert.ok(partial() !== undefined, 'pod 2 started writing');
    pods[victim].child.kill('SIGKILL');
    const killed = await pods[victim].done;
    assert.equal(killed.signal, 'SIGKILL', 'pod 2 was killed before it finished');
    assert.ok(!existsSync(out(victim)), 'a killed pod leaves no output under its real name');

    // The controller starts a new pod with the same index.
    const rerun = pod([...RUN, '--shard', 'auto', '-o', out(victim)], victim);
    for (const { done } of [...pods.filter((_, k) => k !== victim), rerun, single]) {
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
    }

    const whole = lines(join(dir, 'single.ndjson'));
    const parts = Array.from({ length: SHARDS }, (_, k) => lines(out(k)));
    assert.ok(whole.length > 100_000, `${whole.length} events`);
    assert.deepEqual(parts.flat().sort(), [...whole].sort(), 'every event of the run once');
    for (const [k, part] of parts.entries()) assert.ok(isSubsequence(part, whole), `shard ${k} in the run's order`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
