import type { Sampler } from '../random/distributions.js';
import { Domain, streamFor, type Rng } from '../random/prng.js';
import type { CompiledDelivery } from '../engine/model.js';
import type { EventPosition } from '../faults/plan.js';
import { samplerFor } from './compile-distribution.js';
import type { Delivery, Distribution } from './schema.js';

/**
 * How far back an event may happen and still be received at a moment, ms: the late delay's
 * upper end (a high quantile for unbounded distributions). A live run simulates at least
 * this much history, so that late events arrive at their share from its first second.
 */
export function lateHorizonMs(delivery: Delivery | undefined): number {
  if (delivery === undefined || delivery.late_rate === 0) return 0;
  return Math.max(0, Math.round(upperEnd(delivery.late_delay) * 1000));
}

function upperEnd(d: Distribution): number {
  switch (d.type) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.max;
    case 'normal':
      return d.mean + 4 * d.stddev;
    case 'lognormal':
      return Math.exp(d.mu + 3 * d.sigma);
    case 'exponential':
      return 7 * d.mean;
    default:
      // Heavy tails (weibull, pareto, zipf): the history's own length covers what it can.
      return 0;
  }
}

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
  const lateGap = geometricGap(lateRate);
  return {
    assign(session) {
      const index = session.events;
      if (position !== null) position.index = index;
      // Each session draws from its own delivery stream: turning delivery on or changing its
      // numbers never changes which events happen, only when they arrive. The stream draws
      // the gaps between late events rather than a coin per event: most events then cost one
      // compare (the same Bernoulli process, sampled by its gaps).
      // Made at the session's first event (the engine makes a session per visit, never reused).
      let rng = session.deliveryRng;
      if (rng === null) {
        rng = session.deliveryRng = streamFor(seed, Domain.delivery, session.number);
        session.nextLate = lateGap(rng);
      }
      if (index !== session.nextLate) {
        session.processingTime = onTime === null ? session.time : session.time + delayMs(onTime.sample(rng));
        return false;
      }
      session.processingTime = session.time + delayMs(late.sample(rng));
      session.nextLate = index + 1 + lateGap(rng);
      return true;
    },
  };
}

function delayMs(seconds: number): number {
  return seconds > 0 ? Math.round(seconds * 1000) : 0;
}

/**
 * A draw of how many events pass before the next late one, when each is late with
 * probability `rate`: geometric, by inversion of one uniform.
 */
function geometricGap(rate: number): (rng: Rng) => number {
  if (rate <= 0) return () => Infinity;
  if (rate >= 1) return () => 0;
  const logStay = Math.log1p(-rate);
  return (rng) => Math.floor(Math.log(rng.nextOpen()) / logStay);
}
