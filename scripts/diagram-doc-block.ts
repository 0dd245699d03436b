/**
 * The diagram block of a scenario's page in docs/scenarios/: the Mermaid output of
 * `clickgen diagram -s NAME` between two markers, so a script can rewrite it and a test
 * can check it is current.
 */
export function diagramBlock(name: string, mermaid: string): string {
  return `${beginMarker(name)}\n\`\`\`mermaid\n${mermaid}\`\`\`\n<!-- /diagram -->`;
}

/** The block of `name` in `doc`, or null when the doc has none. */
export function findDiagramBlock(doc: string, name: string): string | null {
  const begin = doc.indexOf(beginMarker(name));
  if (begin < 0) return null;
  const end = doc.indexOf('<!-- /diagram -->', begin);
  return end < 0 ? null : doc.slice(begin, end + '<!-- /diagram -->'.length);
}

function beginMarker(name: string): string {
  return `<!-- diagram: clickgen diagram -s ${name} (written by npm run docs:diagrams) -->`;
}

/** The docs page of a built-in scenario, from the package folder; `ecommerce-users` shares the page of `ecommerce`. */
export function scenarioDocPage(name: string): string {
  return `docs/scenarios/${name === 'ecommerce-users' ? 'ecommerce' : name}.md`;
}
