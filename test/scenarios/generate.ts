/**
 * Runs `clickgen generate` through the real CLI into files in a temporary directory and
 * reads back what it wrote: the bytes, every line parsed, and the run summary.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

export interface Generated {
  /** Output files by name, with their bytes and parsed lines. */
  readonly files: ReadonlyMap<string, { bytes: Buffer; events: Record<string, unknown>[] }>;
  readonly summary: RunSummary;
}

/** `output` is a file name or a `{field}` template inside the temporary directory. */
export async function generate(args: readonly string[], output = 'events.jsonl'): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-scenario-'));
  try {
    const stderr = new PassThrough();
    let errors = '';
    stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await runCli(['generate', ...args, '-q', '-o', join(dir, output), '--summary', join(dir, 'summary.json')], {
      stdout: new PassThrough(),
      stderr,
      env: {},
      now: () => Date.UTC(2026, 0, 1),
    });
    assert.equal(code, 0, `clickgen generate ${args.join(' ')} failed: ${errors}`);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    const files = new Map<string, { bytes: Buffer; events: Record<string, unknown>[] }>();
    for (const name of readdirSync(dir)) {
      if (name === 'summary.json') continue;
      const bytes = readFileSync(join(dir, name));
      const text = bytes.toString('utf8');
      assert.ok(text.endsWith('\n'), `${name} does not end with a newline`);
      files.set(name, { bytes, events: text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) });
    }
    return { files, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Groups events by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = groups.get(k);
    if (list === undefined) groups.set(k, (list = []));
    list.push(item);
  }
  return groups;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Asserts |actual - expected| <= tolerance with a message naming the quantity. */
export function assertNear(what: string, actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);
}
