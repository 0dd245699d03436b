import { accessSync, constants, mkdirSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why a file cannot be created or replaced at `path` (an errno code such as EISDIR,
 * ENOTDIR or EACCES), or null when it can. Missing directories are fine: writers create
 * them. Checked before a run, so a bad target fails at once instead of after the output
 * was generated.
 */
export function unwritableFile(path: string): string | null {
  const target = statOrCode(path);
  if (typeof target !== 'string') {
    if (target.isDirectory()) return 'EISDIR';
    if (!target.isFile()) return accessCode(path, constants.W_OK);
  }
  // A regular file is written beside its final name and renamed: the nearest existing
  // ancestor directory is where the first new entry is made.
  let missing: string | undefined;
  for (let dir = dirname(path); ; missing = dir, dir = dirname(dir)) {
    const stat = statOrCode(dir);
    if (stat === 'ENOENT' || stat === 'ENOTDIR') {
      if (dirname(dir) === dir) return stat;
      continue;
    }
    if (typeof stat === 'string') return stat;
    if (!stat.isDirectory()) return 'ENOTDIR';
    return accessCode(dir, constants.W_OK | constants.X_OK) ?? (missing === undefined ? null : probeDirectory(missing));
  }
}

/**
 * Creates `dir` and its missing parents one level at a time; returns the outermost directory
 * created, as `mkdirSync(dir, { recursive: true })` does. Node's recursive mkdir loops forever,
 * deaf to signals, where a directory cannot be made inside an existing one (under /proc);
 * level by level, that is an ENOENT like any other.
 */
export function makeDirectories(dir: string): string | undefined {
  const missing: string[] = [];
  for (let at = dir; statOrCode(at) === 'ENOENT' && dirname(at) !== at; at = dirname(at)) missing.push(at);
  for (const level of [...missing].reverse()) mkdirSync(level);
  return missing.at(-1);
}

/**
 * Whether a directory can be made where `dir` is missing: made and removed again. Permissions
 * alone do not tell: root may write anywhere, yet nothing can be made under /proc.
 */
function probeDirectory(dir: string): string | null {
  try {
    mkdirSync(dir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
  rmdirSync(dir);
  return null;
}

/**
 * Whether `path` is an existing device, pipe or socket (`/dev/null`, `/dev/stdout`, a
 * FIFO). Those are written in place: renaming a finished file onto them would replace
 * the device with a regular file.
 */
export function isSpecialFile(path: string): boolean {
  const stat = statOrCode(path);
  return typeof stat !== 'string' && !stat.isFile() && !stat.isDirectory();
}

function accessCode(path: string, mode: number): string | null {
  try {
    accessSync(path, mode);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

function statOrCode(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}
