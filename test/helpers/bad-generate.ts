import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clickgen, listTree, stderrLines, tempDir } from './cli.js';

/** One bad `generate` call: its flags, files written beside it first, and the one line it must print. */
export interface BadGenerate {
  readonly args: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  readonly error: string | RegExp;
}

/**
 * A test per case: `clickgen generate ...base ...args` (with `-o out/events.ndjson` unless the
 * case gives -o) exits 2 with that one line on stderr, nothing on stdout and nothing written.
 */
export function badGenerateTests(base: readonly string[], cases: Readonly<Record<string, BadGenerate>>): void {
  for (const [name, c] of Object.entries(cases)) {
    test(`bad input: ${name}`, async (t) => {
      const dir = tempDir(t);
      for (const [file, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, file), text);
      const before = listTree(dir);
      const args = c.args.includes('-o') ? c.args : [...c.args, '-o', 'out/events.ndjson'];
      const result = await clickgen(['generate', ...base, ...args], { cwd: dir });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      const lines = stderrLines(result);
      assert.equal(lines.length, 1, result.stderr);
      if (typeof c.error === 'string') assert.equal(lines[0], c.error);
      else assert.match(lines[0], c.error);
      assert.deepEqual(listTree(dir), before, 'nothing written');
    });
  }
}
