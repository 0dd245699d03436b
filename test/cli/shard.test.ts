import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';

const CLICKSTREAM = 'test/fixtures/imply/clickstream/clickstream.json';

/** The lines of a run's output; with `header`, the first line is a header and is left out. */
function lines(text: string, header = false): string[] {
  const all = text.split('\n').filter((line) => line !== '');
  return header ? all.slice(1) : all;
}

/** Whether `part` is `whole` with some lines left out: the shard writes its events in the single run's order. */
function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const line of whole) if (i < part.length && part[i] === line) i++;
  return i === part.length;
}

/** Runs the command whole and as `count` shards, and checks the shards add up to the whole run. */
async function checkShards(args: readonly string[], count: number, header = false): Promise<{ whole: string[]; shards: string[][] }> {
  const single = await runInProcess([...args, '-q']);
  assert.equal(single.code, 0, single.stderr);
  const whole = lines(single.stdout, header);
  const shards: string[][] = [];
  for (let k = 0; k < count; k++) {
    const part = await runInProcess([...args, '--shard', `${k}/${count}`, '-q']);
    assert.equal(part.code, 0, part.stderr);
    if (header) assert.equal(part.stdout.split('\n')[0], single.stdout.split('\n')[0], 'each shard writes the same header');
    shards.push(lines(part.stdout, header));
  }
  assert.ok(whole.length > 100, `${whole.length} lines are too few to say anything`);
  // Every event once: the shards' lines are the whole run's lines, each shard in the run's order.
  assert.deepEqual(shards.flat().sort(), [...whole].sort());
  for (const [k, part] of shards.entries()) assert.ok(isSubsequence(part, whole), `shard ${k}/${count} writes its events in the single run's order`);
  return { whole, shards };
}

test('generate --shard k/N: the shards hold every event of the run once, in NDJSON, CSV and line templates', async () => {
  await checkShards(['generate', '-s', 'shop', '--seed', '4', '--start', '2024-03-01', '--duration', '1d'], 3);
  await checkShards(['generate', '-s', 'cart', '--seed', '2', '--start', '2024-03-01', '--duration', '2m', '--format', 'csv'], 4, true);
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-shard-'));
  try {
    writeFileSync(join(dir, 'line.txt'), '{timestamp} {user_id} {event_type}\n');
    await checkShards(['generate', '-s', 'travel', '--start', '2024-03-01', '--duration', '3m', '-f', join(dir, 'line.txt')], 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The most sessions open at once, each open from its first event to its last. */
function mostAtOnce(records: readonly string[]): number {
  const spans = new Map<string, [number, number]>();
  for (const line of records) {
    // gift-shop writes the Imply generator's __time: UTC without a zone.
    const { session_id: id, __time: time } = JSON.parse(line) as { session_id: string; __time: string };
    const t = Date.parse(`${time}Z`);
    const span = spans.get(id);
    if (span === undefined) spans.set(id, [t, t]);
    else span[1] = t;
  }
  // Starts before ends at the same time: a session that starts as another ends still counts.
  const edges = [...spans.values()].flatMap(([from, to]) => [[from, 1], [to, -1]] as const).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (open += step));
  return most;
}

test('-m under shards is the most sessions at once in the whole run: n workers, shard k of N runs the workers k, k + N, ...', async () => {
  const { whole, shards } = await checkShards(['generate', '-s', 'gift-shop', '--start', '2024-03-01', '--duration', '10m', '-m', '20'], 3);
  const uncapped = await runInProcess(['generate', '-s', 'gift-shop', '--start', '2024-03-01', '--duration', '10m', '-q']);
  assert.notDeepEqual(whole, lines(uncapped.stdout), 'the cap changes the run, so the test says something about it');
  // 20 workers in 3 shards: 7, 7 and 6, each running one session at a time.
  assert.ok(mostAtOnce(whole) <= 20 && mostAtOnce(whole) > 7, `whole run: ${mostAtOnce(whole)} at once`);
  assert.deepEqual(
    shards.map((part) => mostAtOnce(part) <= [7, 7, 6][shards.indexOf(part)]),
    [true, true, true],
    `shards: ${shards.map(mostAtOnce).join(', ')} at once`,
  );
});

test('imply --shard k/N: the shards of an Imply config run hold every record once; -m stays the whole run’s worker cap', async () => {
  await checkShards(['imply', '-c', CLICKSTREAM, '-m', '5', '-r', 'PT10M', '-s', '2024-01-01T00:00:00'], 3);
});

test('summary merge adds the shards’ summaries into the whole run’s answer key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-summary-'));
  try {
    const args = ['generate', '-s', 'cart', '--start', '2024-03-01', '--duration', '2m', '-q', '-o', join(dir, 'out.ndjson')];
    assert.equal((await runInProcess([...args, '--summary', join(dir, 'whole.json')])).code, 0);
    const parts = [0, 1, 2].map((k) => join(dir, `part-${k}.json`));
    for (const [k, file] of parts.entries()) assert.equal((await runInProcess([...args, '--shard', `${k}/3`, '--summary', file])).code, 0);
    const merged = await runInProcess(['summary', 'merge', ...parts]);
    assert.equal(merged.code, 0, merged.stderr);
    const whole = JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')) as Record<string, unknown>;
    const sum = JSON.parse(merged.stdout) as Record<string, unknown>;
    assert.equal(sum.shards, 3);
    // Late events interleave across shards: the whole run's out-of-order count is not a sum.
    assert.ok(Number(whole.late_events) > 0 && sum.out_of_order_events === null);
    const counts = Object.fromEntries(Object.entries(sum).filter(([key]) => key !== 'shards' && key !== 'out_of_order_events'));
    const wholeCounts = Object.fromEntries(Object.entries(whole).filter(([key]) => key !== 'out_of_order_events'));
    assert.deepEqual(counts, wholeCounts);
    const part = JSON.parse(readFileSync(parts[1], 'utf8')) as { shard: unknown };
    assert.deepEqual(part.shard, { index: 1, count: 3, start: '2024-03-01T00:00:00.000Z', end: '2024-03-01T00:02:00.000Z', settings: { '--format': 'ndjson' }, header_bytes: 0 });

    const bad = async (files: string[], expected: RegExp): Promise<void> => {
      const result = await runInProcess(['summary', 'merge', ...files]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    };
    await bad([parts[0], parts[1]], /shard 2 of 3 missing/);
    await bad([parts[0], parts[0], parts[1], parts[2]], /given twice/);
    await bad([parts[0], parts[1], join(dir, 'out.ndjson')], /out\.ndjson: not JSON/);
    await bad([parts[0], join(dir, 'none.json')], /none\.json: cannot read the summary \(ENOENT\)/);
    // JSON.parse quotes the text around the error, a line break included: still one line.
    writeFileSync(join(dir, 'word.json'), 'notjson\n');
    await bad([parts[0], parts[1], join(dir, 'word.json')], /word\.json: not JSON \(.*notjson\\n.*\)\n$/);
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...JSON.parse(readFileSync(parts[2], 'utf8')), seed: 99 }));
    await bad([parts[0], parts[1], join(dir, 'other.json')], /seed 99, but .* seed \d+; merge the shards of one run/);
    // A shard run at another start (each shard's default start is when it runs) is not of this run.
    const later = join(dir, 'later.json');
    assert.equal((await runInProcess([...args.map((arg) => (arg === '2024-03-01' ? '2024-03-02' : arg)), '--shard', '2/3', '--summary', later])).code, 0);
    await bad([parts[0], parts[1], later], /later\.json: a run from 2024-03-02T00:00:00\.000Z, but .*part-0\.json is from 2024-03-01T00:00:00\.000Z; give every shard the same --start/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--shard auto takes k from JOB_COMPLETION_INDEX and N from --shards or CLICKGEN_SHARDS', async () => {
  const args = ['generate', '-s', 'travel', '--start', '2024-03-01', '--duration', '1m', '-q'];
  const explicit = await runInProcess([...args, '--shard', '1/3']);
  const fromFlag = await runInProcess([...args, '--shard', 'auto', '--shards', '3'], { env: { JOB_COMPLETION_INDEX: '1' } });
  const fromEnv = await runInProcess([...args, '--shard', 'auto'], { env: { JOB_COMPLETION_INDEX: '1', CLICKGEN_SHARDS: '3' } });
  assert.equal(explicit.code, 0);
  assert.ok(explicit.stdout.length > 0);
  assert.equal(fromFlag.stdout, explicit.stdout);
  assert.equal(fromEnv.stdout, explicit.stdout);
});

test('bad shard input: one line naming the flag and what is valid, exit 2, nothing written', async () => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--shard', '3/2'], {}, /^clickgen: --shard 3\/2: shard 3 does not exist; shards of 2 are 0 to 1$/],
    [['--shard', '0/0'], {}, /^clickgen: --shard 0\/0: the number of shards must be from 1 to 10,000$/],
    [['--shard', '0/10001'], {}, /--shard 0\/10001: the number of shards must be from 1 to 10,000/],
    [['--shard', 'x'], {}, /^clickgen: --shard x: give k\/N, shard k of N with 0 ≤ k < N \(e\.g\. --shard 0\/4\), or auto$/],
    [['--shard', '-1/2'], {}, /--shard -1\/2: give k\/N/],
    [['--shard', 'auto'], {}, /--shard auto: JOB_COMPLETION_INDEX is not set/],
    [['--shard', 'auto'], { JOB_COMPLETION_INDEX: '2' }, /--shard auto: the number of shards is missing; give --shards N or set CLICKGEN_SHARDS/],
    [['--shard', 'auto'], { JOB_COMPLETION_INDEX: 'two', CLICKGEN_SHARDS: '3' }, /JOB_COMPLETION_INDEX=two is not a whole number/],
    [['--shard', 'auto'], { JOB_COMPLETION_INDEX: '3', CLICKGEN_SHARDS: '3' }, /--shard auto \(JOB_COMPLETION_INDEX=3, CLICKGEN_SHARDS 3\): shard 3 does not exist/],
    [['--shard', 'auto', '--shards', 'many'], { JOB_COMPLETION_INDEX: '0' }, /--shards many is not a whole number/],
    [['--shards', '3'], {}, /^clickgen: --shards 3: needs --shard auto/],
    [['--shard', '0/2', '-n', '10'], {}, /^clickgen: -n 10 with --shard: a count of events belongs to the whole run/],
    [['--shard', '0/2', '--realtime', '-n', '100'], {}, /^clickgen: -n 100 with --shard: a count of events belongs to the whole run/],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-shard-bad-'));
  try {
    for (const [flags, env, expected] of cases) {
      const out = join(dir, 'out.ndjson');
      const result = await runInProcess(['generate', '--duration', '1m', '-o', out, ...flags], { env });
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      const errors = result.stderr.trim().split('\n');
      assert.equal(errors.length, 1, result.stderr);
      assert.match(errors[0], expected);
      assert.throws(() => readFileSync(out), /ENOENT/, 'nothing written');
    }
    const noDuration = await runInProcess(['generate', '--shard', '0/2']);
    assert.equal(noDuration.code, 2);
    assert.match(noDuration.stderr, /generate with --shard: give --duration/);
    const implyCount = await runInProcess(['imply', '-c', CLICKSTREAM, '-n', '10', '-s', '2024-01-01', '--shard', '0/2']);
    assert.equal(implyCount.code, 2);
    assert.match(implyCount.stderr, /^clickgen: -n 10 with --shard: a record count belongs to the whole run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--shard k/N --realtime --rate R: each shard holds R/N, users in one shard only', async () => {
  const args = ['generate', '-s', 'cart', '--realtime', '--rate', '1000', '--duration', '2s', '--warmup-events', '1000', '-q'];
  const parts = await Promise.all([0, 1].map((k) => runInProcess([...args, '--shard', `${k}/2`])));
  const users = parts.map((part) => {
    assert.equal(part.code, 0, part.stderr);
    const events = lines(part.stdout).map((line) => JSON.parse(line) as { user_id: string });
    assert.equal(events.length, 1_000, 'half of 1,000 events/s for 2 s');
    return new Set(events.map((event) => event.user_id));
  });
  for (const user of users[0]) assert.ok(!users[1].has(user), `user ${user} in one shard`);
});
