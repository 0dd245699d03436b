import { compileKeyTemplate } from '../encode/key-template.js';
import type { EventView, OutputSchema } from '../engine/event.js';
import { safePathValue } from '../sinks/output-path.js';
import type { KeyValueRule, Sink } from '../sinks/types.js';

/** What renders a sink's key per record (Kafka key, Redis key, file name): cloneable, so a worker thread renders the same keys. */
export interface RecordKeys {
  readonly template: string;
  readonly rule: KeyValueRule | undefined;
  /** How the key was asked for, for messages (Sink.keySource). */
  readonly source: string | undefined;
}

/** The keys a sink needs, or undefined for a sink without a key template. */
export function recordKeysOf(sink: Sink): RecordKeys | undefined {
  return sink.keyTemplate === undefined ? undefined : { template: sink.keyTemplate, rule: sink.keyValue, source: sink.keySource };
}

/** Renders the key of each event; null when there is nothing to render. */
export function keyRenderer(keys: RecordKeys | undefined, schema: OutputSchema): ((event: EventView) => string | null) | null {
  if (keys === undefined) return null;
  return compileKeyTemplate(keys.template, schema, `-o ${keys.source ?? keys.template}`, keys.rule === 'path-segment' ? safePathValue : undefined);
}
