import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import { toDot } from './dot.js';
import type { JourneyGraph } from './journey-graph.js';

let loading: Promise<Graphviz> | null = null;

/**
 * The journey drawn as SVG by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz):
 * no browser, no program to install, no network. The module (about 0.8 MB, 70 ms to
 * start) loads on first use and is kept.
 */
export async function toSvg(graph: JourneyGraph): Promise<string> {
  loading ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz }) => Graphviz.load());
  const graphviz = await loading;
  return graphviz.layout(toDot(graph), 'svg', 'dot');
}
