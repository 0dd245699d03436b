import type { EventView } from '../engine/event.js';
import type { Encoder } from '../encode/types.js';
import { versionAt } from './drift-versions.js';
import type { DriftShape } from './drift-shapes.js';

/**
 * Writes each record in the shape of its event time: the encoder of version k takes the
 * events from the k-th drift time on. Drift goes by event time, so with late delivery a
 * record of an older shape can still come after the first of a newer one.
 */
export class DriftEncoder implements Encoder {
  readonly format: string;
  private readonly times: readonly number[];

  /** `encoders[k]` writes `shapes[k]`; `times[k - 1]` is when version k starts. */
  constructor(
    private readonly shapes: readonly DriftShape[],
    private readonly encoders: readonly Encoder[],
    times: readonly number[],
  ) {
    this.format = encoders[0].format;
    this.times = times;
  }

  header(): Uint8Array | null {
    return this.encoders[0].header();
  }

  encode(event: EventView, out: Uint8Array, offset: number): number {
    const version = versionAt(this.times, event.time);
    return this.encoders[version].encode(version === 0 ? event : this.shapes[version].map(event), out, offset);
  }
}
