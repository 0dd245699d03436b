import type { EventView, OutputSchema } from '../engine/event.js';
import { UsageError } from '../errors.js';
import { parseTemplate } from '../scenario/refs.js';
import { didYouMean } from '../scenario/suggest.js';
import { valueText } from './bytes.js';
import { formatTimestamp } from '../time/time-text.js';

/**
 * Renders a template over event fields (`{user_id}`, `out/{event_type}.jsonl`) per
 * event: Kafka keys, Redis keys, split file names. A field the event lacks renders
 * empty; a template of one bare placeholder renders null when the value is null.
 */
/** `where` names the template in messages: the flag and how it was given (`-o out/{event_type}.ndjson`, `-o key=user_id`). */
export function compileKeyTemplate(template: string, schema: OutputSchema, where: string, keyValue: (text: string) => string = (t) => t): (event: EventView) => string | null {
  const parts = parseTemplate(template);
  if (typeof parts === 'string') throw new UsageError('BAD_FLAG', `${where}: ${parts}`);
  const pieces = parts.map((p) => {
    if (p.ref === undefined) return { literal: p.literal, column: -1, time: undefined };
    const column = schema.indexOf(p.ref);
    if (column < 0) {
      throw new UsageError('BAD_FLAG', `${where}: unknown field {${p.ref}}${didYouMean(p.ref, schema.fields.map((f) => f.name))}; the scenario's fields are ${schema.fields.map((f) => f.name).join(', ')}`);
    }
    return { literal: p.literal, column, time: schema.fields[column].time };
  });
  const single = pieces.length === 1 && pieces[0].literal === '' && pieces[0].column >= 0;
  return (event) => {
    let out = '';
    for (const piece of pieces) {
      out += piece.literal;
      if (piece.column < 0) continue;
      const value = event.values[piece.column];
      if (single && (value === null || value === undefined)) return null;
      if (!event.layout.columns.includes(piece.column)) continue;
      const text = typeof value === 'number' && piece.time !== undefined ? formatTimestamp(value, piece.time) : valueText(value);
      out += keyValue(text);
    }
    return out;
  };
}
