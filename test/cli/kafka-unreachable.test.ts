/**
 * A Kafka broker that does not answer: the run says at once that it is retrying, naming the
 * target, instead of connect_timeout of silence; then it fails with one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { unusedPort } from '../helpers/kafka.js';

test('generate -o kafka:// to an unreachable broker says about a second into connecting that it retries, naming the broker and connect_timeout', async () => {
  const port = await unusedPort();
  const stderr = new PassThrough();
  const started = performance.now();
  const lines: { at: number; text: string }[] = [];
  stderr.on('data', (chunk: Buffer) => {
    for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push({ at: performance.now() - started, text });
  });
  const code = await runCli(['generate', '-n', '10', '-o', `kafka://127.0.0.1:${port}/t?connect_timeout=4000`], { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
  assert.equal(code, 1);
  const [notice, failure, ...rest] = lines;
  assert.deepEqual(rest, [], 'two lines in all');
  assert.match(notice.text, new RegExp(`^clickgen: kafka 127\\.0\\.0\\.1:${port}/t: no broker of 127\\.0\\.0\\.1:${port} answers yet \\(.*ECONNREFUSED.*\\); retrying until connect_timeout=4000$`));
  // Connecting starts after the scenario and the client library load; the notice comes about a
  // second into it, the failure at connect_timeout.
  assert.ok(failure.at - notice.at > 2_000, `notice at ${Math.round(notice.at)} ms, failure at ${Math.round(failure.at)} ms`);
  assert.match(failure.text, new RegExp(`^clickgen: kafka 127\\.0\\.0\\.1:${port}/t: no broker of 127\\.0\\.0\\.1:${port} answered within 4 s`));
});

test('-q keeps the retry notice quiet; the failure is still said', async () => {
  const port = await unusedPort();
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await runCli(['generate', '-q', '-n', '10', '-o', `kafka://127.0.0.1:${port}/t?connect_timeout=500`], { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
  assert.equal(code, 1);
  assert.doesNotMatch(text, /answers yet/);
  assert.match(text, /answered within/);
});
