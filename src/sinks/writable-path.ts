import { accessSync, constants, lstatSync, mkdirSync, readlinkSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where and how the file named by an output path is written. */
export interface FileTarget {
  /** The file to make: the path itself, or the file a symbolic link there leads to (the link stays a link). */
  readonly path: string;
  /** Written in place, not beside its name and renamed: a device, a pipe or socket, or a descriptor. */
  readonly inPlace: boolean;
  /**
   * A descriptor this process holds (`/dev/stdout` is 1): written through it, not opened
   * again, so that its file offset moves for everything else written there (`> log 2>&1`).
   */
  readonly descriptor: number | null;
}

/** Names of a descriptor this process holds: on Linux `/dev/stdout` and `/dev/fd/N` lead to `/proc/self/fd/N`. */
const STANDARD = new Map([
  ['/dev/stdin', 0],
  ['/dev/stdout', 1],
  ['/dev/stderr', 2],
]);
const NUMBERED = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/;
/** Links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * The file that `path` names, following symbolic links. A finished file is renamed onto
 * its final name: renamed onto a link, it would replace the link (`--summary=/dev/stdout`
 * with stdout redirected to a file replaced /dev/stdout itself), so the rename goes to the
 * link's target instead.
 */
export function fileTarget(path: string): FileTarget {
  let at = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const descriptor = descriptorOf(resolve(at));
    if (descriptor !== null) return { path, inPlace: true, descriptor };
    const link = linkText(at);
    if (link === null) break;
    at = resolve(dirname(at), link);
  }
  return { path: at, inPlace: isSpecialFile(at), descriptor: null };
}

/** The descriptor of this process that `path` names, or null (another process's is opened as a file). */
function descriptorOf(path: string): number | null {
  const standard = STANDARD.get(path);
  if (standard !== undefined) return standard;
  const [, owner, number] = NUMBERED.exec(path) ?? [];
  if (number === undefined || (owner !== undefined && owner !== 'self' && owner !== 'thread-self' && Number(owner) !== process.pid)) return null;
  return Number(number);
}

function linkText(path: string): string | null {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}

/**
 * Why a file cannot be created or replaced at `path` (an errno code such as EISDIR,
 * ENOTDIR or EACCES), or null when it can. Missing directories are fine: writers create
 * them. Checked before a run, so a bad target fails at once instead of after the output
 * was generated.
 */
export function unwritableFile(outputPath: string): string | null {
  const { path, inPlace } = fileTarget(outputPath);
  const target = statOrCode(path);
  // Links that lead to each other (or too many of them) name no file.
  if (target === 'ELOOP') return target;
  if (typeof target !== 'string') {
    if (target.isDirectory()) return 'EISDIR';
    if (inPlace || !target.isFile()) return accessCode(path, constants.W_OK);
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
 * Whether `path` is an existing device, pipe or socket (`/dev/null`, a FIFO). Those are
 * written in place: renaming a finished file onto them would replace the device with a
 * regular file.
 */
function isSpecialFile(path: string): boolean {
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
