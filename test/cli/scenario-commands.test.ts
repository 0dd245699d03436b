import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNames } from '../../src/scenario/load.js';
import { clickgen, stderrLines, tempDir } from '../helpers/cli.js';

const GOOD = `name: good
states:
  browse:
    next: { buy: 0.2, browse: 0.5 }
  buy: {}
fields:
  t: { time: iso }
  kind: { ref: event.type }
`;

describe('clickgen validate', { concurrency: 2 }, () => {
  test('a good file: one line on stdout with what it holds, exit 0', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    const result = await clickgen(['validate', 'good.yaml'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'good.yaml: valid: 2 states, 2 fields, 1 journey\n');
    assert.equal(result.stderr, '');
  });

  test('every built-in scenario is valid', async () => {
    for (const name of builtinNames()) {
      const result = await clickgen(['validate', name]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^scenarios/${name}\\.yaml: valid: \\d+ states, \\d+ fields, \\d+ journeys?\\n$`));
      assert.equal(result.stderr, '');
    }
  });

  test('a bad file: every problem on its own line with file:line:col, exit 2, nothing on stdout', async (t) => {
    const dir = tempDir(t);
    writeFileSync(
      join(dir, 'bad.yaml'),
      `name: bad
states:
  browse:
    next: { buy: 0.7, browse: 0.5 }
  buy:
    next: { nowhere: 0.1 }
fields:
  t: { ref: no_such_variable }
`,
    );
    const result = await clickgen(['validate', 'bad.yaml'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    const lines = stderrLines(result);
    assert.equal(lines.length, 3, result.stderr);
    assert.equal(lines[0], 'clickgen: bad.yaml:4:11: states.browse.next: probabilities sum to 1.2; they must sum to at most 1 (the rest ends the session), or give relative weights as next_weights');
    assert.equal(lines[1], 'clickgen: bad.yaml:6:22: states.buy.next.nowhere: transition to unknown state "nowhere"; states are browse, buy, or end');
    // The list of what a reference may name grows with the format: check its start.
    assert.match(lines[2], /^clickgen: bad\.yaml:8:13: fields\.t\.ref: unknown reference "no_such_variable"; use a variable \(none defined\), .*user\.id, /);
  });

  test('a file that is not YAML: exit 2 with line and column', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'syntax.yaml'), 'name: syntax\nstates: [\n');
    const result = await clickgen(['validate', 'syntax.yaml'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^clickgen: syntax\.yaml:3:1: not valid YAML or JSON: .+\n$/);
  });

  test('a loop no path leaves, without max_duration or duration, is a warning on each of its states; a cap or an exit clears it', async (t) => {
    const dir = tempDir(t);
    const loop = 'name: loop\nstates:\n  home: { next: { a: 0.5 } }\n  a: { next: { b: 1 } }\n  b: { next: { a: 1 } }\nfields:\n  t: { time: iso }\n';
    writeFileSync(join(dir, 'loop.yaml'), loop);
    const result = await clickgen(['validate', 'loop.yaml'], { cwd: dir });
    assert.equal(result.code, 0);
    const warning = 'no path from this state ends the session, and sessions have no max_duration or duration: a session that gets here never ends; give a transition to end (or probabilities under 1), or session.max_duration';
    assert.equal(result.stderr, `clickgen: warning: loop.yaml:4:6: states.a: ${warning}\nclickgen: warning: loop.yaml:5:6: states.b: ${warning}\n`);
    writeFileSync(join(dir, 'capped.yaml'), `${loop}session: { max_duration: 600 }\n`);
    writeFileSync(join(dir, 'exit.yaml'), loop.replace('b: { next: { a: 1 } }', 'b: { next: { a: 0.9 } }'));
    for (const file of ['capped.yaml', 'exit.yaml']) assert.equal((await clickgen(['validate', file], { cwd: dir })).stderr, '', file);
  });

  test('a whole catalog row as a field is a warning: it is written as a bare list of its values', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'row.yaml'), 'name: row\ncatalogs:\n  products:\n    rows: [{ id: a, price: 1 }]\nstates:\n  a: {}\nfields:\n  pk: { pick: products }\n');
    const result = await clickgen(['validate', 'row.yaml'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.equal(
      result.stderr,
      "clickgen: warning: row.yaml:8:15: fields.pk.pick: a whole products row is written as a list of its values, without their column names, and typed formats refuse it; pick it into a variable (a session var, or a state's set) and write one of its columns ({ ref: VARIABLE.COLUMN })\n",
    );
  });

  test('a dwell longer than session.timeout is a warning: the session ends there, its next states never reached', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'wait.yaml'), 'name: wait\nsession: { timeout: 600 }\nstates:\n  a: { dwell: { type: uniform, min: 700, max: 900 }, next: { b: 1 } }\n  b: {}\nfields:\n  t: { time: iso }\n');
    const result = await clickgen(['validate', 'wait.yaml'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.equal(result.stderr, 'clickgen: warning: wait.yaml:4:15: states.a.dwell: is at least 700 s, longer than session.timeout (600 s): every session ends at this state, and its next states are never reached; raise session.timeout or shorten the dwell\n');
    writeFileSync(join(dir, 'longer.yaml'), 'name: longer\nsession: { timeout: 1000 }\nstates:\n  a: { dwell: { type: uniform, min: 700, max: 900 }, next: { b: 1 } }\n  b: {}\nfields:\n  t: { time: iso }\n');
    assert.equal((await clickgen(['validate', 'longer.yaml'], { cwd: dir })).stderr, '');
  });

  test('a warning does not fail validation', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'island.yaml'), `${GOOD}\n`.replace('  buy: {}', '  buy: {}\n  island: {}'));
    const result = await clickgen(['validate', 'island.yaml'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'island.yaml: valid: 3 states, 2 fields, 1 journey\n');
    assert.equal(result.stderr, 'clickgen: warning: island.yaml:6:11: states.island: state is unreachable from the initial state\n');
  });

  test('--set applies before validating, and a bad override fails', async () => {
    const good = await clickgen(['validate', 'gift-shop', '--set', 'arrivals.rate=50']);
    assert.equal(good.code, 0, good.stderr);
    const bad = await clickgen(['validate', 'gift-shop', '--set', 'population.users=many']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'clickgen: scenarios/gift-shop.yaml (--set population.users=many): population.users: must be number, got string "many"\n');
  });
});

test('a mistyped subcommand of scenarios gets the nearest one, in one line, exit 2', async () => {
  const result = await clickgen(['scenarios', 'shwo', 'shop']);
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '');
  assert.deepEqual(stderrLines(result), [`clickgen: unknown command 'shwo' for 'scenarios' (did you mean "show"?); run clickgen scenarios --help`]);
  assert.match((await clickgen(['scenarios'])).stdout, /^gift-shop /m, 'without a word it lists them');
});
