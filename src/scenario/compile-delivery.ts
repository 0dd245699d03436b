import type { Sampler } from '../random/distributions.js';
import { Domain, streamFor } from '../random/prng.js';
import type { CompiledDelivery } from '../engine/model.js';
import type { EventPosition } from '../faults/plan.js';
import { samplerFor } from './compile-distribution.js';
import type { Delivery } from './schema.js';

export type { CompiledDelivery };

/**
 * Each event's processing time, from the scenario's `delivery` (or received when it happens,
 * without one). With faults, `position` is told each event's index in its session, the
 * other half of what decides the event's fate.
 */
export function compileDelivery(delivery: Delivery | undefined, seed: number, position: EventPosition | null = null): CompiledDelivery {
  if (delivery === undefined) {
    return {
      assign(session) {
        if (position !== null) position.index = session.events;
        session.processingTime = session.time;
        return false;
      },
    };
  }
  const lateRate = delivery.late_rate;
  const late = samplerFor(delivery.late_delay);
  const onTime: Sampler | null = delivery.on_time_delay === undefined ? null : samplerFor(delivery.on_time_delay);
  return {
    assign(session) {
      if (position !== null) position.index = session.events;
      // Each session draws delays from its own delivery stream: turning delivery on or
      // changing its numbers never changes which events happen, only when they arrive.
      const rng = (session.deliveryRng ??= streamFor(seed, Domain.delivery, session.number));
      const isLate = rng.next() < lateRate;
      const seconds = isLate ? late.sample(rng) : onTime === null ? 0 : onTime.sample(rng);
      session.processingTime = session.time + (seconds > 0 ? Math.round(seconds * 1000) : 0);
      return isLate;
    },
  };
}
