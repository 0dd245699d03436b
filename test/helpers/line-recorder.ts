import { Writable } from 'node:stream';

/** A line received, with when it arrived (epoch ms on the same clock as the system clock). */
export interface ReceivedLine {
  readonly text: string;
  readonly at: number;
}

export const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * Splits bytes into lines as they arrive and notes each line's arrival time. Lines are
 * kept whole: a chunk that ends mid-line waits for the rest.
 */
export class LineRecorder {
  readonly lines: ReceivedLine[] = [];
  private partial = '';

  push(chunk: Buffer | string): void {
    const at = wallNow();
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.lines.push({ text: line, at });
  }

  /** Bytes after the last newline: anything here means a record was cut. */
  get rest(): string {
    return this.partial;
  }

  /** A Writable that records into this recorder, optionally reading slowly. */
  writable(options: { highWaterMark?: number; delayMs?: number } = {}): Writable {
    return new Writable({
      highWaterMark: options.highWaterMark ?? 16_384,
      write: (chunk: Buffer, _encoding, done) => {
        this.push(chunk);
        if (options.delayMs === undefined) done();
        else setTimeout(done, options.delayMs);
      },
    });
  }
}

/**
 * Counts of lines per window of `windowMs` from `origin`, over `windows` windows, by
 * arrival time.
 */
export function countPerWindow(lines: readonly ReceivedLine[], origin: number, windowMs: number, windows: number): number[] {
  const counts = new Array<number>(windows).fill(0);
  for (const line of lines) {
    const w = Math.floor((line.at - origin) / windowMs);
    if (w >= 0 && w < windows) counts[w]++;
  }
  return counts;
}
