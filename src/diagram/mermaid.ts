import { edgeLabel, legendLines, stateLines } from './labels.js';
import type { JourneyGraph } from './journey-graph.js';

/**
 * The journey as a Mermaid `stateDiagram-v2`, which GitHub and most Markdown viewers draw.
 * State names that are not plain identifiers get one (`s3`) with the name as its label.
 */
export function toMermaid(graph: JourneyGraph): string {
  const ids = new Map(graph.states.map((s, i) => [s.name, /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name) && s.name !== 'end' ? s.name : `s${i}`]));
  const out = ['stateDiagram-v2'];
  for (const state of graph.states) {
    const id = ids.get(state.name)!;
    if (id !== state.name) out.push(`  state "${mermaidText(state.name)}" as ${id}`);
    for (const line of stateLines(state)) out.push(`  ${id} : ${mermaidText(line)}`);
  }
  out.push(`  [*] --> ${ids.get(graph.initial)!}`);
  for (const edge of graph.edges) {
    const to = edge.to === null ? '[*]' : ids.get(edge.to)!;
    out.push(`  ${ids.get(edge.from)!} --> ${to} : ${mermaidText(edgeLabel(graph, edge))}`);
  }
  const legend = legendLines(graph);
  if (legend.length > 0) {
    out.push(`  note right of ${ids.get(graph.initial)!}`);
    for (const line of legend) out.push(`    ${mermaidText(line)}`);
    out.push('  end note');
  }
  return `${out.join('\n')}\n`;
}

/** Mermaid ends a label at `:` and a statement at `;`, and reads `#...;` as an entity. */
function mermaidText(text: string): string {
  return text.replace(/[:;#"]/g, (c) => ({ ':': '#58;', ';': '#59;', '#': '#35;', '"': '#quot;' })[c]!);
}
