import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Engine } from '../src/engine/engine.js';
import { compileScenario } from '../src/scenario/compile.js';
import { parseScenarioText } from '../src/scenario/load.js';

test("the README's example scenario is valid and runs", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const yaml = /## Writing a scenario\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(yaml, 'README has a yaml block under "Writing a scenario"');
  const loaded = parseScenarioText(yaml, 'README.md');
  assert.deepEqual(loaded.warnings, []);
  const engine = new Engine(compileScenario(loaded.scenario, 1), { start: Date.UTC(2024, 0, 1), count: 2000 });
  const types = new Set<string>();
  for (let event = engine.next(); event !== null; event = engine.next()) types.add(event.type.text);
  assert.deepEqual([...types].sort(), ['home', 'product']);
});
