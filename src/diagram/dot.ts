import { edgeLabel, legendLines, stateLines } from './labels.js';
import type { JourneyGraph } from './journey-graph.js';

/** The journey as a Graphviz DOT digraph: a start dot, a box per state, an end ring. */
export function toDot(graph: JourneyGraph): string {
  const id = new Map(graph.states.map((s, i) => [s.name, `s${i}`]));
  const out = [
    `digraph ${quote(graph.name)} {`,
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11, nodesep=0.35, ranksep=0.6];',
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica", fontsize=11];',
    '  edge [color="#55606e", fontname="Helvetica", fontsize=9];',
    '  start [shape=point, width=0.15, label="", fillcolor=black];',
    '  end [shape=doublecircle, width=0.12, label="", fillcolor=black];',
  ];
  for (const state of graph.states) {
    out.push(`  ${id.get(state.name)!} [label=${quote([state.name, ...stateLines(state)].join('\n'))}${state.event === null ? ', fillcolor="#f4f4f4", style="rounded,filled,dashed"' : ''}];`);
  }
  out.push(`  start -> ${id.get(graph.initial)!};`);
  for (const edge of graph.edges) {
    const to = edge.to === null ? 'end' : id.get(edge.to)!;
    out.push(`  ${id.get(edge.from)!} -> ${to} [label=${quote(edgeLabel(graph, edge))}${edge.guard === null ? '' : ', style=dashed'}];`);
  }
  const legend = legendLines(graph);
  if (legend.length > 0) out.push(`  legend [shape=note, margin="0.35,0.12", fillcolor="#fffbe6", color="#b59b3b", label=${quote(legend.join('\n'))}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** A DOT string; `\n` inside becomes a centred line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
