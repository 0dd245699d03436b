import type { RecordField } from '../../src/records/record-type.js';
import { timestampValue } from '../../src/encode/timestamps.js';

/**
 * A record in one comparable form, for comparing a binary format's records with the
 * NDJSON run: absent fields are null (also inside the objects of a list, which a binary format
 * writes with every field of their type), and (for decoded binary records) a timestamp
 * column, held as epoch ms, is written in its field's format as NDJSON writes it (a time
 * inside an `object` value is epoch ms in both).
 */
export function normalizeRecord(
  fields: readonly RecordField[],
  value: Record<string, unknown> | null | undefined,
  decoded: boolean,
  columns: ReadonlySet<string>,
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = value?.[field.name];
    const path = `${prefix}${field.name}`;
    if (v === undefined || v === null) out[field.name] = null;
    else if (field.type.kind === 'object') out[field.name] = normalizeRecord(field.type.fields, v as Record<string, unknown>, decoded, columns, `${path}.`);
    else if (field.type.kind === 'array' && field.type.items.kind === 'object') {
      const items = field.type.items.fields;
      out[field.name] = (v as (Record<string, unknown> | null)[]).map((item) => (item === null ? null : normalizeRecord(items, item, decoded, columns, `${path}[].`)));
    } else if (field.type.kind === 'timestamp' && columns.has(path) && decoded) out[field.name] = timestampValue(v as number, field.type.format);
    else out[field.name] = v;
  }
  return out;
}
