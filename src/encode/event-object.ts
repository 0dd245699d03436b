import type { EventView, OutputSchema } from '../engine/event.js';
import { Sym } from '../engine/sym.js';
import { timestampValue } from './timestamps.js';

/**
 * An event as a plain object, the same values its NDJSON line parses to: nested from
 * dotted names, timestamps formatted, interned values as strings, absent fields left out.
 */
export function eventToObject(event: EventView, schema: OutputSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of event.layout.columns) {
    const raw = event.values[column];
    if (raw === undefined) continue;
    const field = schema.fields[column];
    const value = raw instanceof Sym ? raw.text : typeof raw === 'number' && field.time !== undefined ? timestampValue(raw, field.time) : plain(raw);
    let node = out;
    for (let i = 0; i < field.path.length - 1; i++) {
      const key = field.path[i];
      node = (node[key] ??= {}) as Record<string, unknown>;
    }
    node[field.path[field.path.length - 1]] = value;
  }
  return out;
}

/** Nested lists and objects may hold Syms: JSON round-trip turns them into strings. */
function plain(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}
