/**
 * A Kubernetes Indexed Job, simulated: processes of the built CLI with JOB_COMPLETION_INDEX
 * set as the Job controller sets it, one killed mid-run and started again with the same
 * index; and shards writing into one Kafka topic on a real broker.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { after } from 'node:test';
import { CLI, REPO } from '../helpers/cli.js';
import { ensureKafkaBroker, readTopic } from '../helpers/kafka.js';

const SHARDS = 4;
const RUN = ['generate', '-s', 'shop', '--seed', '11', '--start', '2024-05-01T00:00:00Z', '--duration', '20d', '-q'];

/** Starts `clickgen ...args` as a pod of the Job would, with the controller's environment. */
function pod(args: readonly string[], index: number | null): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  if (!existsSync(join(REPO, 'dist'))) throw new Error('dist/ is missing: run `npm run build` before this test');
  const env = index === null ? { ...process.env } : { ...process.env, JOB_COMPLETION_INDEX: String(index), CLICKGEN_SHARDS: String(SHARDS) };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const line of whole) if (i < part.length && part[i] === line) i++;
  return i === part.length;
}

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
    while (partial() === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
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
    assert.ok(whole.length > 10_000, `${whole.length} events`);
    assert.deepEqual(parts.flat().sort(), [...whole].sort(), 'every event of the run once');
    for (const [k, part] of parts.entries()) assert.ok(isSubsequence(part, whole), `shard ${k} in the run's order`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const kafka = await ensureKafkaBroker();
after(() => kafka.broker?.release());

test('N shard processes into one Kafka topic: the single run’s events, once each, in event-time order per key', { skip: kafka.skip }, async () => {
  const { bootstrap } = kafka.broker!;
  const topic = `clickgen-shards-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-kafka-shards-'));
  const run = ['generate', '-s', 'shop', '--seed', '5', '--start', '2024-05-01T00:00:00Z', '--duration', '3d', '-q'];
  try {
    const pods = Array.from({ length: SHARDS }, (_, k) => pod([...run, '--shard', `${k}/${SHARDS}`, '-o', `kafka://${bootstrap}/${topic}?key=user_id`], null));
    const single = pod([...run, '-o', join(dir, 'single.ndjson')], null);
    for (const { done } of [...pods, single]) {
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
    }
    const records = await readTopic(bootstrap, topic);
    const whole = lines(join(dir, 'single.ndjson'));
    assert.ok(whole.length > 1_000, `${whole.length} events`);
    assert.deepEqual(records.map((r) => r.value).sort(), [...whole].sort(), 'the topic holds the single run’s events');
    const events = records.map((r) => ({ ...r, event: JSON.parse(r.value) as { event_id: string; user_id: string | null; timestamp: string } }));
    assert.equal(new Set(events.map((e) => e.event.event_id)).size, events.length, 'no event_id twice');
    const lastByKey = new Map<string, string>();
    for (const e of [...events].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
      if (e.key === null) continue;
      assert.equal(e.key, e.event.user_id, 'keyed by user');
      const last = lastByKey.get(`${e.partition}/${e.key}`);
      assert.ok(last === undefined || last <= e.event.timestamp, `user ${e.key}: event time order within partition ${e.partition}`);
      lastByKey.set(`${e.partition}/${e.key}`, e.event.timestamp);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
