import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clickgen, CLI, listTree, START, stderrLines, tempDir } from '../helpers/cli.js';

const BASE = ['generate', '-s', 'gift-shop', '--start', START, '-n', '5000', '-q'];

describe('determinism', { concurrency: 2 }, () => {
  test('the same scenario, seed and flags give byte-identical output, to stdout and to a file', async (t) => {
    const dir = tempDir(t);
    const [a, b, file] = await Promise.all([
      clickgen([...BASE, '--seed', '21']),
      clickgen([...BASE, '--seed', '21']),
      clickgen([...BASE, '--seed', '21', '-o', 'events.ndjson'], { cwd: dir }),
    ]);
    for (const r of [a, b, file]) assert.equal(r.code, 0, r.stderr);
    assert.ok(a.stdoutBytes.length > 1_000_000);
    assert.ok(a.stdoutBytes.equals(b.stdoutBytes));
    assert.ok(readFileSync(join(dir, 'events.ndjson')).equals(a.stdoutBytes));
  });

  test('different seeds give different output; the scenario seed is the default', async () => {
    const [seed1, seed2, byDefault] = await Promise.all([clickgen([...BASE, '--seed', '1']), clickgen([...BASE, '--seed', '2']), clickgen(BASE)]);
    assert.ok(!seed1.stdoutBytes.equals(seed2.stdoutBytes));
    // gift-shop.yaml says seed: 1.
    assert.ok(byDefault.stdoutBytes.equals(seed1.stdoutBytes));
    const firstIds = (r: typeof seed1): string[] => r.stdout.split('\n', 50).map((l) => (JSON.parse(l) as { session_id: string }).session_id);
    assert.equal(
      firstIds(seed1).filter((id) => firstIds(seed2).includes(id)).length,
      0,
      'no session id in common',
    );
  });

  test('--duration stops before the end time; -n stops at the count', async () => {
    const result = await clickgen(['generate', '-s', 'gift-shop', '--start', START, '--duration', '15m', '-q']);
    assert.equal(result.code, 0, result.stderr);
    const times = result.stdout.trimEnd().split('\n').map((l) => Date.parse(`${(JSON.parse(l) as { __time: string }).__time}Z`));
    assert.ok(times.length > 100);
    assert.equal(times[0], Date.parse(START));
    assert.ok(times.at(-1)! < Date.parse(START) + 15 * 60_000);
    assert.ok(times.at(-1)! > Date.parse(START) + 14 * 60_000, 'runs up to the end');
    const counted = await clickgen(['generate', '-s', 'gift-shop', '--start', START, '-n', '777', '-q']);
    assert.equal(counted.stdout.split('\n').length, 778);
  });
});

test('SIGINT during a long run to a file: whole records, the file in place, a summary', async (t) => {
  const dir = tempDir(t);
  const child = spawn(process.execPath, [CLI, 'generate', '-s', 'gift-shop', '--start', START, '-n', '100000000', '-o', 'events.ndjson', '--summary', 'summary.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Wait until a few megabytes are written under the temporary name, then interrupt.
  for (let waited = 0; ; waited += 50) {
    const temporary = readdirSync(dir).find((name) => name.startsWith('.events.ndjson.tmp-'));
    if (temporary !== undefined && statSync(join(dir, temporary)).size > 3_000_000) break;
    assert.ok(waited < 60_000, 'the run writes its file');
    await sleep(50);
  }
  child.kill('SIGINT');
  const code = await closed;
  assert.equal(code, 0, stderr);

  assert.deepEqual(listTree(dir), ['events.ndjson', 'summary.json'], 'the file is renamed into place; no temporary file remains');
  const text = readFileSync(join(dir, 'events.ndjson'), 'utf8');
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  for (const line of lines) JSON.parse(line);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { events: number; ended: string };
  assert.equal(summary.ended, 'signal');
  assert.equal(summary.events, lines.length);
  const printed = stderrLines({ stderr });
  assert.equal(printed.length, 1, stderr);
  assert.match(printed[0], new RegExp(`^clickgen: ${lines.length.toLocaleString('en-US')} events, [\\d,]+ sessions, [\\d,]+ users to file events\\.ndjson in .* \\(stopped by signal\\)$`));
  assert.ok(lines.length < 100_000_000);
});

test('SIGINT after the tcp:// reader has gone: a line says the run waits for another, the summary line says the output closed and times the run from the first reader', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  // Port 0: the listening line names the port picked.
  const child = spawn(process.execPath, [CLI, 'generate', '--realtime', '--rate', '500', '-o', 'tcp://127.0.0.1:0', '--summary', 'summary.json'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let port: string | undefined;
  for (let waited = 0; port === undefined; waited += 50) {
    port = /listening on tcp:\/\/127\.0\.0\.1:(\d+);/.exec(stderr)?.[1];
    assert.ok(waited < 20_000, `the run listens: ${stderr}`);
    await sleep(50);
  }
  // Three seconds without a reader are not part of the run's time.
  await sleep(3000);
  // A reader that takes some records and leaves; the run then waits for the next reader.
  const connectedAt = performance.now();
  const reader = connect(Number(port), '127.0.0.1');
  await once(reader, 'data');
  await sleep(1000);
  reader.destroy();
  await sleep(500);
  child.kill('SIGINT');
  const code = await closed;
  const sinceConnected = (performance.now() - connectedAt) / 1000;
  assert.equal(code, 0, stderr);

  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { events: number; ended: string };
  assert.equal(summary.ended, 'output-closed');
  assert.ok(summary.events > 0);
  const printed = stderrLines({ stderr });
  assert.equal(printed.length, 3, stderr);
  assert.equal(printed[1], `clickgen: the last reader of tcp://127.0.0.1:${port} went away; waiting for another (Ctrl-C ends the run)`);
  const timed = new RegExp(`^clickgen: ${summary.events.toLocaleString('en-US')} events, [\\d,]+ sessions, [\\d,]+ users to tcp://127\\.0\\.0\\.1:${port} in ([\\d.]+) s .* \\(output closed\\)$`).exec(printed[2]);
  assert.ok(timed !== null, printed[2]);
  // The run's time is at most what this test saw from connecting to the exit; with the three seconds before, it would be more.
  assert.ok(Number(timed[1]) <= sinceConnected, `the run's time counts from its first reader: ${timed[1]} s, ${sinceConnected.toFixed(2)} s from connecting to the exit`);
});
