import { accessSync, constants, statSync, type Stats } from 'node:fs';
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
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const stat = statOrCode(dir);
    if (stat === 'ENOENT' || stat === 'ENOTDIR') {
      if (dirname(dir) === dir) return stat;
      continue;
    }
    if (typeof stat === 'string') return stat;
    if (!stat.isDirectory()) return 'ENOTDIR';
    return accessCode(dir, constants.W_OK | constants.X_OK);
  }
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
