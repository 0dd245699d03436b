/**
 * `--help`, the README and docs/ name the same output schemes, formats and commands as the code.
 * The lists come from the code's own registries (the sinks' URL schemes, the encoders' formats,
 * the program's commands), so a new one fails here until --help, the README and docs/ say it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/main.js';
import { FORMATS } from '../../src/encode/create-encoder.js';
import { OUTPUT_SCHEMES } from '../../src/sinks/create-sink.js';
import { Collector, runClickgen } from '../helpers/cli-run.js';
import { REPO } from '../helpers/cli.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const DOCS = readdirSync(join(REPO, 'docs'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.md'))
  .map((file) => readFileSync(join(REPO, 'docs', file), 'utf8'))
  .join('\n');
/** Commander's own `help` command is not one of clickgen's. */
const COMMANDS = buildProgram({ stdout: new Collector(), stderr: new Collector(), env: {}, now: () => 0 }, () => undefined)
  .commands.map((command) => command.name())
  .filter((name) => name !== 'help');

/** Help text with commander's line wrapping undone. */
async function help(...args: string[]): Promise<string> {
  const result = await runClickgen([...args, '--help']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.replace(/\s+/g, ' ');
}

/** A README section, from its heading to the next heading of the same level. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has a section "${heading}"`);
  const level = heading.split(' ')[0];
  const end = README.indexOf(`\n${level} `, start + heading.length + 2);
  return README.slice(start, end < 0 ? undefined : end);
}

test('every -o URL scheme is in generate --help, imply --help, the README and docs/', async () => {
  assert.ok(OUTPUT_SCHEMES.length >= 4, OUTPUT_SCHEMES.join(' '));
  const generateHelp = await help('generate');
  const implyHelp = await help('imply');
  const outputs = section('## Outputs');
  for (const scheme of OUTPUT_SCHEMES) {
    assert.ok(generateHelp.includes(scheme), `generate --help names ${scheme}`);
    assert.ok(implyHelp.includes(scheme), `imply --help names ${scheme}`);
    assert.ok(outputs.includes(scheme), `the README's Outputs name ${scheme}`);
    assert.ok(DOCS.includes(scheme), `docs/ names ${scheme}`);
  }
});

test("the README's Outputs and the -o help name no scheme the code does not write to", async () => {
  const named = (text: string) => new Set([...text.matchAll(/\b([a-z][a-z0-9+.-]*):\/\//g)].map((m) => `${m[1]}://`).filter((s) => !/^https?:/.test(s)));
  for (const scheme of named(section('## Outputs'))) assert.ok(OUTPUT_SCHEMES.includes(scheme), `README Outputs: ${scheme}`);
  const output = /-o, --output <target> (.*?) --/.exec(await help('generate'))?.[1] ?? '';
  for (const scheme of named(output)) assert.ok(OUTPUT_SCHEMES.includes(scheme), `generate --help -o: ${scheme}`);
});

test('every --format is in generate --help, the README and docs/, and they name no other', async () => {
  const generateHelp = await help('generate');
  const formats = section('## Formats');
  for (const format of FORMATS) {
    assert.match(generateHelp, new RegExp(`--format <format> [^-]*\\b${format}\\b`), `generate --help names ${format}`);
    assert.ok(formats.includes(`--format ${format}`), `the README's Formats name --format ${format}`);
    assert.ok(DOCS.includes(`--format ${format}`), `docs/ names --format ${format}`);
  }
  for (const [, format] of formats.matchAll(/--format ([a-z0-9-]+)/g)) assert.ok((FORMATS as readonly string[]).includes(format), `README names --format ${format}`);
});

test('every command is in clickgen --help, the README command list and docs/, and the list names no other', async () => {
  const mainHelp = await help();
  const commandLine = /## The command line\s+```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
  for (const name of COMMANDS) {
    assert.match(mainHelp, new RegExp(`Commands: .*\\b${name}\\b`), `clickgen --help lists ${name}`);
    assert.match(commandLine, new RegExp(`^npx clickgen ${name}\\b`, 'm'), `the README's command list has npx clickgen ${name}`);
    assert.ok(DOCS.includes(`clickgen ${name}`), `docs/ mentions clickgen ${name}`);
  }
  for (const [, name] of commandLine.matchAll(/^npx clickgen ([a-z-]+)/gm)) assert.ok(COMMANDS.includes(name), `README lists clickgen ${name}`);
});

test('the README runs the command one way everywhere: npx clickgen', () => {
  const blocks = [...README.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
  const bare = blocks.split('\n').filter((line) => /(^|&& |\| )clickgen /.test(line));
  assert.deepEqual(bare, [], 'command lines that call clickgen without npx');
  assert.match(README, /`npm link`/, 'the README says how to put clickgen on PATH');
});

test('CSV keeps dotted fields as columns and an object value as one cell of JSON text, as docs/formats.md says', async () => {
  const result = await runClickgen(['generate', '-s', 'user-behavior', '-n', '20', '--format', 'csv', '--start', '2024-01-01', '-q']);
  assert.equal(result.code, 0, result.stderr);
  const header = result.stdout.split('\n')[0].split(',');
  assert.ok(header.includes('page_info.page_url') && header.includes('device_info.type'), 'dotted names are columns');
  assert.ok(header.includes('event_data') && !header.some((column) => column.startsWith('event_data.')), 'an object value is one column');
  assert.match(result.stdout, /,"\{""product_id"":""[^"]+"",/, 'its cells hold JSON text');
  assert.match(readFileSync(join(REPO, 'docs', 'formats.md'), 'utf8'), /one cell holding the object's JSON text/);
});

test('every command and subcommand has examples in its --help', async () => {
  const program = buildProgram({ stdout: new Collector(), stderr: new Collector(), env: {}, now: () => 0 }, () => undefined);
  const paths = program.commands.filter((command) => command.name() !== 'help').flatMap((command) => [[command.name()], ...command.commands.map((sub) => [command.name(), sub.name()])]);
  assert.ok(paths.length >= 10, paths.join(' '));
  for (const path of paths) assert.match(await help(...path), / Examples[^:]*: \$ clickgen /, `clickgen ${path.join(' ')} --help`);
});
