import type { CompiledArrivals, SimulationModel } from '../../engine/model.js';

/**
 * The scenario a rate schedule drives. The rate sets the volume, so what shapes volume
 * without a rate (the hour and weekday curves, interval arrivals, the concurrency cap
 * and its schedule) would only fight the schedule: arrivals become a plain Poisson
 * process at the scenario's rate, which the schedule scales. The time zones stay: they give
 * each visitor a zone (and with it a country); without curves they only split arrivals by share.
 */
export function pacedScenario<T extends SimulationModel>(scenario: T): T {
  return { ...scenario, arrivals: { ...poissonArrivals(scenario.arrivals.rate, Number.MAX_SAFE_INTEGER), zones: scenario.arrivals.zones }, timeline: scheduledApart(scenario.timeline) };
}

/**
 * The timeline the engine keeps under a rate schedule: the schedule takes the windows that
 * change the volume (rate, ramp, a whole outage) onto its own due times (rate-schedule.ts);
 * the engine keeps the ones that change what users do.
 */
function scheduledApart(timeline: SimulationModel['timeline']): SimulationModel['timeline'] {
  const kept = timeline?.filter((window) => window.rate === null && window.outage !== 'all') ?? [];
  return kept.length === 0 ? null : kept;
}

/** Poisson arrivals at `rate` per second, no curves, at most `cap` sessions at once. */
export function poissonArrivals(rate: number, cap: number): CompiledArrivals {
  return { rate, hourly: null, weekly: null, zones: null, interarrival: null, maxConcurrent: cap, capAt: () => cap, capVaries: false, retryMs: 0 };
}
