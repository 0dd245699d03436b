import type { EventView, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { timestampValue } from './timestamps.js';

/**
 * An event as a plain object, the same values its NDJSON line parses to: nested from
 * dotted names, timestamps formatted, interned values as strings, absent fields left out.
 * A nested object is there even when all its members are absent (`"page":{}`), as in
 * NDJSON, where the object is opened before its members are known.
 */
export function eventToObject(event: EventView, schema: OutputSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of event.layout.columns) {
    const field = schema.fields[column];
    let node = out;
    for (let i = 0; i < field.path.length - 1; i++) {
      const key = field.path[i];
      if (!Object.hasOwn(node, key)) setOwn(node, key, {});
      node = node[key] as Record<string, unknown>;
    }
    const raw = event.values[column];
    if (raw === undefined) continue;
    const value = raw instanceof Sym ? raw.text : typeof raw === 'number' && field.time !== undefined ? timestampValue(raw, field.time) : plain(raw);
    setOwn(node, field.path[field.path.length - 1], value);
  }
  return out;
}

/** Like `node[key] = value`, but a field named `__proto__` is a field, as JSON.parse makes it, not the prototype. */
function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Nested lists and objects may hold Syms: JSON round-trip turns them into strings. */
function plain(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}
