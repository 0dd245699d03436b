import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { listBuiltins } from '../../src/scenario/load.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { diagramBlock, findDiagramBlock, scenarioDocPage } from '../../scripts/diagram-doc-block.js';

for (const { name } of listBuiltins()) {
  test(`${scenarioDocPage(name)} shows the current diagram of ${name} (npm run docs:diagrams rewrites it)`, async () => {
    const doc = readFileSync(new URL(`../../${scenarioDocPage(name)}`, import.meta.url), 'utf8');
    const { code, stdout } = await runInProcess(['diagram', '-s', name]);
    assert.equal(code, 0);
    assert.equal(findDiagramBlock(doc, name), diagramBlock(name, stdout));
  });
}
