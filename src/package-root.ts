import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding clickgen's package.json. Found by walking up from this module, so
 * it is right from the sources, from dist/ and from the bundled CLI alike.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'clickgen') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the clickgen package folder');
    dir = parent;
  }
}
