// Rewrites the journey diagram of every built-in scenario in docs/scenarios/ with the output
// of `clickgen diagram -s NAME` (test/diagram/scenario-docs.test.ts checks they are current).
// A page without a block gets one at its end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderDiagram } from '../src/cli/diagram.js';
import { diagramBlock, findDiagramBlock, scenarioDocPage } from './diagram-doc-block.js';
import { listBuiltins, loadScenario } from '../src/scenario/load.js';

for (const { name } of listBuiltins()) {
  const file = new URL(`../${scenarioDocPage(name)}`, import.meta.url);
  if (!existsSync(file)) throw new Error(`${name}: no page ${scenarioDocPage(name)}`);
  const doc = readFileSync(file, 'utf8');
  const loaded = loadScenario(name);
  const block = diagramBlock(name, await renderDiagram(loaded.scenario, 'mermaid', loaded.source));
  const old = findDiagramBlock(doc, name);
  const updated = old !== null ? doc.replace(old, () => block) : `${doc.trimEnd()}\n\n## Journey diagram of \`${name}\`\n\nStates with their event types; edges with their probability and the mean dwell of the state they\nleave. \`clickgen diagram -s ${name} --format svg\` draws it.\n\n${block}\n`;
  if (updated !== doc) {
    writeFileSync(file, updated);
    console.log(`updated ${scenarioDocPage(name)}`);
  }
}
