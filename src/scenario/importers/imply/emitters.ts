import type { PathKey } from '../../paths.js';
import { readDimension, type DimensionContext, type ReadDimension } from './dimensions.js';
import { isObject, listAt, stringAt, type Json } from './reader.js';

/** An emitter: a record type, its dimensions in output order. */
export interface ImportedEmitter {
  readonly name: string;
  readonly path: readonly PathKey[];
  readonly dimensions: readonly ReadDimension[];
}

/** Reads `emitters`; a later emitter of the same name replaces an earlier one, as in the original. */
export function readEmitterNames(config: Json): Set<string> {
  const list = Array.isArray(config.emitters) ? config.emitters : [];
  return new Set(list.filter(isObject).map((e) => e.name).filter((n): n is string => typeof n === 'string'));
}

export function readEmitters(config: Json, ctx: DimensionContext): Map<string, ImportedEmitter> {
  const { problems } = ctx;
  const out = new Map<string, ImportedEmitter>();
  const list = listAt(config, 'emitters', [], problems, 'the record types states write', true) ?? [];
  list.forEach((raw, i) => {
    const path: PathKey[] = ['emitters', i];
    if (!isObject(raw)) {
      problems.error(path, 'an emitter must be an object with name and dimensions');
      return;
    }
    const name = stringAt(raw, 'name', path, problems, 'the emitter name');
    const dims = listAt(raw, 'dimensions', path, problems, 'the fields of its records', true);
    if (name === null || dims === null) return;
    const dimensions: ReadDimension[] = [];
    const seen = new Set<string>();
    dims.forEach((dim, j) => {
      const read = readDimension(dim, [...path, 'dimensions', j], 'emitter', ctx);
      if (read === null) return;
      if (seen.has(read.name)) problems.error([...path, 'dimensions', j, 'name'], `a second dimension named "${read.name}" in emitter "${name}"; record fields need distinct names`);
      seen.add(read.name);
      dimensions.push(read);
    });
    if (out.has(name)) problems.warn(path, `a second emitter named "${name}" replaces the first`);
    out.set(name, { name, path, dimensions });
  });
  return out;
}
