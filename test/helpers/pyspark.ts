/**
 * PySpark for the Structured Streaming test: a Python (`CLICKGEN_PYTHON`, which .ci/run makes)
 * with pyspark from PyPI, and Java for its JVM. Without them the test skips with a message; in
 * CI it fails.
 */
import { spawnSync } from 'node:child_process';
import { inCi, isInstalled, JAVA } from './requirement.js';

export const python = process.env.CLICKGEN_PYTHON ?? 'python3';

/** Why the Spark test cannot run, or undefined when it can. */
export function pysparkMissing(): string | undefined {
  const probe = spawnSync(python, ['-c', 'import pyspark'], { encoding: 'utf8' });
  const reason =
    probe.status !== 0
      ? `the Spark Structured Streaming test needs Python with pyspark: python3 -m venv /tmp/clickgen-py && /tmp/clickgen-py/bin/pip install pyspark==4.2.0, then CLICKGEN_PYTHON=/tmp/clickgen-py/bin/python`
      : !isInstalled(JAVA)
        ? `the Spark Structured Streaming test needs Java 17: ${JAVA.install}`
        : undefined;
  if (reason === undefined) return undefined;
  if (inCi) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}
