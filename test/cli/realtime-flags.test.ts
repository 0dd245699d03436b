import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';

function io(stdout: Writable = new Writable({ write: (_c, _e, done) => done() })): CliIo & { errors: () => string } {
  let errors = '';
  const stderr = new Writable({
    write: (chunk: Buffer, _e, done) => {
      errors += chunk.toString();
      done();
    },
  });
  return { stdout, stderr, env: {}, now: () => Date.now(), errors: () => errors };
}

test('--rate and --warmup-events need --realtime; bad values are bad input', async () => {
  for (const [argv, message] of [
    [['generate', '--rate', '100'], /--rate 100: needs --realtime/],
    [['generate', '--warmup-events', '10'], /--warmup-events 10: needs --realtime/],
    [['generate', '--realtime', '--rate', '0'], /--rate 0: must be a number from 0.001 to/],
    [['generate', '--realtime', '--rate', 'fast'], /--rate fast: must be a number/],
    [['serve', '--port', '70000'], /--port 70000: must be a port number from 0 to 65535/],
    [['serve', '--port', 'abc'], /--port abc: must be a port number from 0 to 65535/],
    [['serve', '--tcp-port', '-1'], /--tcp-port -1: must be a port number from 0 to 65535/],
    [['serve', '--max-streams', '0'], /--max-streams 0: must be a positive integer/],
    [['serve', '--tcp-rate', '60000'], /--tcp-rate 60000: must be a number from 1 to 50,000/],
    [['serve', '--token', 'has space'], /--token: must be printable ASCII/],
  ] as const) {
    const cli = io();
    assert.equal(await runCli(argv, cli), 2, argv.join(' '));
    assert.match(cli.errors(), message);
  }
});

test('generate --realtime --rate writes at the rate until -n', async () => {
  const recorder = new LineRecorder();
  const cli = io(recorder.writable());
  const began = wallNow();
  const code = await runCli(['generate', '--scenario', 'gift-shop', '--realtime', '--rate', '400', '-n', '800', '--warmup-events', '0', '-q'], cli);
  assert.equal(code, 0, cli.errors());
  assert.equal(recorder.lines.length, 800);
  const seconds = (recorder.lines.at(-1)!.at - recorder.lines[0].at) / 1000;
  assert.ok(Math.abs(seconds - 2) < 0.2, `800 events at 400/s took ${seconds.toFixed(2)} s`);
  assert.ok(wallNow() - began < 5_000);
});

test('serve names --host when the host cannot be listened on: a name that does not resolve', async () => {
  const cli = io();
  assert.equal(await runCli(['serve', '--scenario', 'gift-shop', '--users-scenario', 'gift-shop', '--host', 'no-such-host.invalid', '--port', '0'], cli), 2);
  assert.match(cli.errors(), /^clickgen: --host no-such-host\.invalid: cannot listen on no-such-host\.invalid:0 \((ENOTFOUND|EAI_AGAIN)\)\n$/);
});

test('serve names the flag that gave a scenario it cannot find: --users-scenario as well as --scenario', async () => {
  for (const [argv, message] of [
    [['serve', '--users-scenario', 'nope', '--port', '0'], /^clickgen: --users-scenario nope: unknown scenario; built-in scenarios are /],
    [['serve', '--users-scenario', 'missing/users.yaml', '--port', '0'], /^clickgen: --users-scenario missing\/users\.yaml: no such file\n$/],
    [['serve', '--scenario', 'nope', '--port', '0'], /^clickgen: --scenario nope: unknown scenario; built-in scenarios are /],
  ] as const) {
    const cli = io();
    assert.equal(await runCli(argv, cli), 2, argv.join(' '));
    assert.match(cli.errors(), message);
  }
});

test('serve refuses a port that is taken, as bad input', async () => {
  const { createServer } = await import('node:net');
  const taken = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => taken.once('listening', resolve));
  const port = (taken.address() as { port: number }).port;
  const cli = io();
  assert.equal(await runCli(['serve', '--scenario', 'gift-shop', '--users-scenario', 'gift-shop', '--port', String(port)], cli), 2);
  assert.match(cli.errors(), new RegExp(`--port ${port}: cannot listen on 127.0.0.1:${port} \\(EADDRINUSE\\)`));
  taken.close();
});

test('a real-time run with a --start hours back says how much history it writes first; a recent one says nothing', async () => {
  const hoursAgo = (hours: number): string => new Date(Math.floor(Date.now() / 1000) * 1000 - hours * 3_600_000).toISOString();
  // The run ends about now: the history is all it writes.
  const back = hoursAgo(2);
  const far = io();
  assert.equal(await runCli(['generate', '--scenario', 'gift-shop', '--realtime', '--start', back, '--duration', '2h', '-o', '-'], far), 0, far.errors());
  const [notice, closing] = far.errors().trimEnd().split('\n');
  assert.match(notice, new RegExp(`^clickgen: writing the 2\\.0 hours of history since --start ${back.replace(/[.]/g, '\\.')} as fast as the output takes it, then in real time until `));
  assert.match(closing, /^clickgen: [\d,]+ events, /);
  const near = io();
  assert.equal(await runCli(['generate', '--scenario', 'gift-shop', '--realtime', '--start', hoursAgo(0.01), '--duration', '36s', '-o', '-'], near), 0, near.errors());
  assert.doesNotMatch(near.errors(), /history/);
});
