/**
 * A disk that fills while a run writes, in every format: one line naming the file and the
 * reason, with what the output was handed before; exit 1; no temporary file left. A real
 * full filesystem (a 64 KB tmpfs, which mounting needs root for) and /dev/full, which takes
 * nothing and is written in place like any device.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS } from '../../src/encode/create-encoder.js';
import { CLI, clickgen, listTree, START, stderrLines } from '../helpers/cli.js';

const BASE = ['generate', '--start', START, '--seed', '1', '-q'];

/** Why a 64 KB tmpfs cannot be mounted at `dir`, or null once it is. */
function mountSmallDisk(dir: string): string | null {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  if (result.error !== undefined) return result.error.message;
  return result.status === 0 ? null : result.stderr.trim().split('\n')[0] || `mount exited with code ${String(result.status)}`;
}

/** A skip reason when this machine cannot mount one (not root, no mount in a container). */
function smallDiskMissing(): string | undefined {
  const probe = mkdtempSync(join(tmpdir(), 'clickgen-full-'));
  const problem = mountSmallDisk(probe);
  if (problem === null) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return problem === null ? undefined : `cannot mount a 64 KB tmpfs (${problem}): the full-disk tests need root`;
}

/** A fresh 64 KB filesystem for one test, unmounted after it. */
function smallDisk(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-full-'));
  t.after(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  assert.equal(mountSmallDisk(dir), null, 'the tmpfs mounts');
  return dir;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one line of a full disk; `file` is a pattern (a rolled part's number varies). */
function fullDiskLine(file: string): RegExp {
  return new RegExp(`^clickgen: -o ${file}: cannot write \\(ENOSPC: no space left on device\\) \\([\\d,]+ events, [\\d,]+ bytes handed to the output before\\)$`);
}

function assertFullDisk(result: { readonly code: number | null; readonly stderr: string }, file: string): void {
  assert.equal(result.code, 1, result.stderr);
  const lines = stderrLines(result);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0], fullDiskLine(file));
}

const noSmallDisk = smallDiskMissing();

describe('a filesystem that fills up', { skip: noSmallDisk }, () => {
  for (const format of FORMATS) {
    test(`--format ${format} to one file: one line, exit 1, neither the file nor its temporary file left`, async (t) => {
      const disk = smallDisk(t);
      const output = join(disk, `x.${format}`);
      const result = await clickgen([...BASE, '-n', '5000', '--format', format, '-o', output]);
      assertFullDisk(result, escaped(output));
      assert.deepEqual(listTree(disk), []);
    });
  }

  for (const format of ['parquet', 'arrow', 'ndjson']) {
    test(`--format ${format} into rolled partitions: the part being written is named and removed, finished parts stay`, async (t) => {
      const disk = smallDisk(t);
      const result = await clickgen([...BASE, '-n', '5000', '--format', format, '-o', join(disk, `l/dt={date}/part-{seq}.${format}`), '--roll', '500']);
      assertFullDisk(result, `${escaped(join(disk, 'l/dt=2024-01-01/part-'))}\\d{5}\\.${format}`);
      const left = listTree(disk);
      assert.deepEqual(
        left.filter((path) => path.includes('.tmp-')),
        [],
        `no temporary file left: ${left.join(', ')}`,
      );
    });
  }

  test('the counts are what the output was handed: more than the disk holds', async (t) => {
    const disk = smallDisk(t);
    const result = await clickgen([...BASE, '-n', '5000', '-o', join(disk, 'x.ndjson')]);
    assertFullDisk(result, escaped(join(disk, 'x.ndjson')));
    const bytes = Number(/([\d,]+) bytes handed/.exec(result.stderr)![1].replaceAll(',', ''));
    assert.ok(bytes > 64 * 1024, `${String(bytes)} bytes`);
  });
});

describe('/dev/full', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full on this system (Linux has it)' }, () => {
  for (const format of FORMATS) {
    test(`--format ${format} -o /dev/full: one line, exit 1`, async () => {
      assertFullDisk(await clickgen([...BASE, '-n', '200', '--format', format, '-o', '/dev/full']), '/dev/full');
    });
  }

  test('-o /dev/stdout with stdout on /dev/full: written through the descriptor, the same line', async () => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [CLI, ...BASE, '-n', '200', '-o', '/dev/stdout'], { stdio: ['ignore', full, 'pipe'] });
    closeSync(full);
    const err: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assertFullDisk({ code, stderr: Buffer.concat(err).toString('utf8') }, '/dev/stdout');
  });
});
