import type { GraphEdge, GraphState, JourneyGraph } from './journey-graph.js';
import { percent, seconds } from './journey-graph.js';

/**
 * The words both diagram formats use, so Mermaid and DOT say the same thing.
 * An edge reads `7% · after 18 s [cart not empty]`: its probability (one per segment,
 * `|`-separated, in the legend's order) and the mean dwell of the state it leaves.
 */
export function edgeLabel(graph: JourneyGraph, edge: GraphEdge): string {
  const from = graph.states.find((s) => s.name === edge.from)!;
  const shares = edge.p.every((p) => p === edge.p[0]) ? percent(edge.p[0]) : edge.p.map(percent).join(' | ');
  const guard = edge.guard === null ? '' : ` [${edge.guard.replace(/_/g, ' ')}]`;
  return `${shares} · after ${dwellText(from)}${guard}`;
}

/** The lines inside a state's box: its event type, delay and cart action. */
export function stateLines(state: GraphState): string[] {
  const lines = [state.event === null ? '(silent)' : state.event];
  if (state.meanDelay !== null) lines.push(`waits ${seconds(state.meanDelay)} first`);
  if (state.cart !== null) lines.push(state.cart);
  return lines;
}

/** Notes under the graph: the segments' order of the edge numbers, and late delivery. */
export function legendLines(graph: JourneyGraph): string[] {
  const lines: string[] = [];
  if (graph.segments.length > 0) {
    const total = graph.segments.reduce((sum, s) => sum + s.weight, 0);
    lines.push(`segments (share of users) ${graph.segments.map((s) => `${s.name} ${percent(s.weight / total)}`).join(', ')}`);
    lines.push('an edge with several numbers gives them in this order');
  }
  if (graph.lateDelivery !== null) lines.push(graph.lateDelivery);
  return lines;
}

function dwellText(state: GraphState): string {
  return state.meanDwell === null ? `dwell = ${state.dwellVariable}` : seconds(state.meanDwell);
}
