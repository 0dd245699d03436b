/**
 * An Arrow reader independent of the apache-arrow library clickgen writes with: Python's
 * pyarrow (PyPI), in the Python `CLICKGEN_PYTHON` names (.ci/run makes one). Without it the
 * tests skip with a message; in CI they fail.
 */
import { spawnSync } from 'node:child_process';
import { inCi } from './requirement.js';
import { python } from './pyspark.js';

/** Why pyarrow tests cannot run, or undefined when they can. */
export function pyarrowMissing(): string | undefined {
  const probe = spawnSync(python, ['-c', 'import pyarrow'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const reason = `Arrow file tests need Python with pyarrow: python3 -m venv /tmp/clickgen-py && /tmp/clickgen-py/bin/pip install pyarrow==26.0.1, then CLICKGEN_PYTHON=/tmp/clickgen-py/bin/python`;
  if (inCi) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** Runs a Python program with pyarrow and returns what it prints, parsed as JSON. */
export function withPyarrow<T>(program: string, args: readonly string[]): T {
  const result = spawnSync(python, ['-c', program, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pyarrow failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
