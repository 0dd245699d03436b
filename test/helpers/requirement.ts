/**
 * Programs the tests need beyond Node (a Redis server, a Kafka broker, Chromium). Outside CI a
 * missing one skips its tests with a reason that names it and the command that installs it;
 * scripts/skip-summary-reporter.mjs gathers those reasons into the run's closing line. Under
 * CI=true every program must be there, so a missing one is a failure.
 */
import { spawnSync } from 'node:child_process';

/** Skip reasons start with this, so the run's closing line can pick them out. */
export const MISSING = 'missing';
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

export interface Program {
  /** How the program is called. */
  readonly command: string;
  /** Arguments that make it print its version and exit. */
  readonly probe: readonly string[];
  /** The command that installs it (Debian). */
  readonly install: string;
}

export const REDIS_SERVER: Program = { command: 'redis-server', probe: ['--version'], install: 'apt-get install -y redis-server' };
export const CHROMIUM: Program = { command: 'chromium', probe: ['--version'], install: 'apt-get install -y chromium' };
export const JAVA: Program = { command: 'java', probe: ['-version'], install: 'apt-get install -y openjdk-17-jre-headless' };
export const MAVEN: Program = { command: 'mvn', probe: ['--version'], install: 'apt-get install -y maven' };
export const KCAT: Program = { command: 'kcat', probe: ['-V'], install: 'apt-get install -y kcat' };

export function isInstalled(program: Program): boolean {
  const result = spawnSync(program.command, [...program.probe], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/**
 * `undefined` when every program runs; otherwise the skip reason, e.g. "missing redis-server
 * (apt-get install -y redis-server): the Redis sink tests". Throws it under CI.
 */
export function skipUnlessInstalled(purpose: string, programs: readonly Program[]): string | undefined {
  const absent = programs.filter((program) => !isInstalled(program));
  if (absent.length === 0) return undefined;
  const names = absent.map((program) => program.command).join(', ');
  const install = `apt-get install -y ${absent.map((program) => program.install.replace('apt-get install -y ', '')).join(' ')}`;
  const reason = `${MISSING} ${names} (${install}): ${purpose}`;
  if (inCi) throw new Error(`${reason}; CI=true requires every program the tests use`);
  return reason;
}
