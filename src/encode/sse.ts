import type { EventView } from '../engine/event.js';
import type { Encoder } from './types.js';

const DATA = Buffer.from('data: ');
const NEWLINE = 10;

/**
 * Server-Sent Events framing around a line encoder: each record becomes one message,
 * `data: <record>\n\n`. Line formats never contain a newline inside a record, so a
 * record is always exactly one `data:` line.
 */
export class SseEncoder implements Encoder {
  readonly format: string;

  constructor(private readonly inner: Encoder) {
    this.format = inner.format;
  }

  header(): Uint8Array | null {
    const header = this.inner.header();
    return header === null ? null : Buffer.concat([DATA, header, Buffer.of(NEWLINE)]);
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    if (offset + DATA.length > out.length) return -1;
    out.set(DATA, offset);
    const end = this.inner.encode(event, out, offset + DATA.length);
    if (end < 0 || end + 1 > out.length) return -1;
    out[end] = NEWLINE;
    return end + 1;
  }
}

/** A named SSE event with a JSON payload, for messages that are not records (the end of a stream). */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
