import { samplerFor } from '../scenario/compile-distribution.js';
import { DEFAULT_DWELL, nextOf, segmentVariants } from '../scenario/compile.js';
import type { CartAction, Distribution, Scenario, State } from '../scenario/schema.js';
import { transitionGuard, transitionWeight } from '../scenario/transitions.js';

/** A state of the journey as a diagram draws it. */
export interface GraphState {
  readonly name: string;
  /** The event type it writes; null for a silent state. */
  readonly event: string | null;
  /** Mean seconds spent in the state after its event; null when a variable sets it. */
  readonly meanDwell: number | null;
  /** `dwell = VAR` when a variable sets the dwell. */
  readonly dwellVariable: string | null;
  /** Mean seconds waited on entering, before the event; null without a delay. */
  readonly meanDelay: number | null;
  /** What the state does to the cart: `+ cart product`, `- cart product`, `clear cart`. */
  readonly cart: string | null;
}

/** A transition. `to` is null for the end of the session. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string | null;
  /** Probability per segment, in the order of `JourneyGraph.segments` (one entry without segments). */
  readonly p: readonly number[];
  /** The condition the transition waits for: a cart guard, or the value a `then` picks by (`session.returning = true`). */
  readonly guard: string | null;
}

/** A scenario's journey: what `clickgen diagram` and the server's page draw. */
export interface JourneyGraph {
  readonly name: string;
  readonly initial: string;
  readonly states: readonly GraphState[];
  readonly edges: readonly GraphEdge[];
  /** Segments with their weights; empty without segments. */
  readonly segments: readonly { readonly name: string; readonly weight: number }[];
  /** Late delivery, as a sentence; null without. */
  readonly lateDelivery: string | null;
}

/**
 * The journey of a validated scenario: states with their event types, mean dwell times and
 * cart actions; transitions with their probability in each segment and their guard; the
 * remainder of each state's probabilities as an edge to the end.
 */
export function journeyGraph(scenario: Scenario, display = scenario.name): JourneyGraph {
  const variants = segmentVariants(scenario, display);
  const names = Object.keys(scenario.states);
  const edges = new Map<string, { from: string; to: string | null; p: number[]; guard: string | null }>();
  variants.forEach(({ scenario: variant }, v) => {
    for (const name of names) {
      const then = variant.states[name].then;
      if (then !== undefined && typeof then !== 'string') {
        // Certain, given the value it matches: one edge per case.
        for (const [value, target] of Object.entries(then.cases)) edgeFor(edges, name, target, `${then.match} = ${value}`, variants.length).p[v] = 1;
        edgeFor(edges, name, then.default, 'otherwise', variants.length).p[v] = 1;
        continue;
      }
      const next = nextOf(variant.states[name]);
      let rest = 1;
      for (const [target, transition] of Object.entries(next)) {
        const p = transitionWeight(transition);
        rest -= p;
        edgeFor(edges, name, target === 'end' ? null : target, transitionGuard(transition), variants.length).p[v] += p;
      }
      if (rest > 1e-9) edgeFor(edges, name, null, null, variants.length).p[v] += rest;
    }
  });
  const segments = scenario.population.segments ?? {};
  return {
    name: scenario.name,
    initial: scenario.initial ?? names[0],
    states: names.map((name) => graphState(name, scenario.states[name])),
    edges: [...edges.values()].filter((e) => e.p.some((p) => p > 0)),
    segments: Object.entries(segments).map(([name, s]) => ({ name, weight: s.weight })),
    lateDelivery: scenario.delivery === undefined ? null : lateSentence(scenario.delivery.late_rate, scenario.delivery.late_delay),
  };
}

function edgeFor(
  edges: Map<string, { from: string; to: string | null; p: number[]; guard: string | null }>,
  from: string,
  to: string | null,
  guard: string | null,
  variants: number,
): { p: number[] } {
  const key = `${from}\u0000${to ?? ''}\u0000${guard ?? ''}`;
  let edge = edges.get(key);
  if (edge === undefined) edges.set(key, (edge = { from, to, p: new Array<number>(variants).fill(0), guard }));
  return edge;
}

function graphState(name: string, def: State): GraphState {
  const dwellVariable = def.dwell !== undefined && 'ref' in def.dwell ? def.dwell.ref : null;
  const dwell = def.dwell === undefined ? DEFAULT_DWELL : dwellVariable === null ? samplerFor(def.dwell as Distribution) : null;
  return {
    name,
    event: def.event === undefined ? name : def.event,
    meanDwell: dwell === null ? null : dwell.mean,
    dwellVariable,
    meanDelay: def.delay === undefined ? null : def.delay.type === 'gmm_temporal' ? def.delay.mean : samplerFor(def.delay).mean,
    cart: def.cart === undefined ? null : cartText(def.cart),
  };
}

function cartText(action: CartAction): string {
  if (action === 'clear') return 'clear cart';
  return 'add' in action ? `+ cart ${action.add}` : `- cart ${action.remove}`;
}

function lateSentence(rate: number, delay: Distribution): string {
  const mean = samplerFor(delay).mean;
  const range = delay.type === 'uniform' ? `${delay.min}-${delay.max} s` : `mean ${seconds(mean)}`;
  return `late delivery, ${percent(rate)} of events arrive ${range} late, out of order`;
}

/** `0.07` as `7%`, `0.125` as `12.5%`. */
export function percent(p: number): string {
  return `${Number((p * 100).toFixed(1))}%`;
}

/** Seconds, short: `18 s`, `2.5 min`, `1.2 h`. */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '∞';
  if (s < 90) return `${Number(s.toFixed(s < 10 ? 1 : 0))} s`;
  if (s < 5400) return `${Number((s / 60).toFixed(1))} min`;
  return `${Number((s / 3600).toFixed(1))} h`;
}
