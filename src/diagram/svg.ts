import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import { toDot } from './dot.js';
import type { JourneyGraph } from './journey-graph.js';

let loading: Promise<Graphviz> | null = null;
/** Drawings by DOT text, newest last: a page checks the same journey on every keystroke elsewhere in its text. */
const drawn = new Map<string, string>();
const KEEP_DRAWN = 32;

/**
 * The journey drawn as SVG by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz):
 * no browser, no program to install, no network. The module (about 0.8 MB, 70 ms to
 * start) loads on first use and is kept; a large journey takes a few hundred ms to lay out,
 * so the last drawings are kept too.
 */
export async function toSvg(graph: JourneyGraph): Promise<string> {
  const dot = toDot(graph);
  let svg = drawn.get(dot);
  if (svg === undefined) {
    loading ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz }) => Graphviz.load());
    svg = (await loading).layout(dot, 'svg', 'dot');
    if (drawn.size >= KEEP_DRAWN) drawn.delete(drawn.keys().next().value!);
  } else drawn.delete(dot);
  drawn.set(dot, svg);
  return svg;
}
