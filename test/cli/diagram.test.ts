import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';

test('diagram --format svg draws every state offline, into a file written whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-diagram-'));
  try {
    const file = join(dir, 'travel.svg');
    const { code, stderr } = await runInProcess(['diagram', '-s', 'travel', '--format', 'svg', '-o', file]);
    assert.equal(code, 0, stderr);
    const svg = readFileSync(file, 'utf8');
    assert.match(svg, /^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
    for (const state of ['search', 'between_searches', 'click', 'conversion']) assert.ok(svg.includes(`>${state}</text>`), state);
    assert.ok(!existsSync(`${file}.partial`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diagram --format dot and --set: the override is drawn', async () => {
  const { code, stdout } = await runInProcess(['diagram', '-s', 'cart', '--format', 'dot', '--set', 'states.view.next.view=0.5']);
  assert.equal(code, 0);
  assert.match(stdout, /^digraph "cart" \{/);
  assert.match(stdout, /label="50% · after 20 s"/);
  // The rest of the probability now ends the session: 1 - 0.5 - 0.07 - 0.02 - 0.04.
  assert.match(stdout, /-> end \[label="37% · after 20 s"\]/);
});

test('diagram: bad input is one line and exit code 2', async () => {
  const format = await runInProcess(['diagram', '--format', 'png']);
  assert.equal(format.code, 2);
  assert.equal(format.stderr, 'clickgen: --format png: must be one of mermaid, dot, svg\n');
  const scenario = await runInProcess(['diagram', '-s', 'nope']);
  assert.equal(scenario.code, 2);
  assert.match(scenario.stderr, /^clickgen: --scenario nope: unknown scenario; built-in scenarios are .*\n$/);
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-diagram-'));
  try {
    writeFileSync(join(dir, 'a-file'), '');
    const under = join(dir, 'a-file', 'x.mmd');
    const output = await runInProcess(['diagram', '-s', 'cart', '-o', under]);
    assert.equal(output.code, 2);
    assert.equal(output.stderr, `clickgen: -o ${under}: cannot write there (ENOTDIR)\n`);
    // A folder that is not there yet is made, as generate -o makes it.
    const nested = join(dir, 'new', 'folder', 'x.mmd');
    const made = await runInProcess(['diagram', '-s', 'cart', '-o', nested]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(readFileSync(nested, 'utf8'), /^(flowchart|stateDiagram|graph)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
