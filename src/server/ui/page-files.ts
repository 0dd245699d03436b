import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

/** The page's files, shipped in the package's ui/ folder: plain HTML, CSS and JavaScript, nothing fetched from elsewhere. */
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'studio.css': 'text/css; charset=utf-8',
  'studio.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
} as const;

/** The paths the page's files answer at (its HTML at /ui itself), which need no token: the token guards the page's API. */
export const PAGE_FILE_PATHS: readonly string[] = Object.keys(FILES).map((name) => (name === 'index.html' ? '/ui' : `/ui/${name}`));

export interface PageFile {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Reads the page's files once. Requests are answered from this map by exact name, so no
 * URL ever reaches the file system.
 */
export function loadPageFiles(): ReadonlyMap<string, PageFile> {
  const dir = join(packageRoot(), 'ui');
  return new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(join(dir, name)) }]));
}
