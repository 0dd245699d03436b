/** What `npm pack` ships: the licence package.json names, every doc the README links to, and what the docs import from it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { license: string };

test('LICENSE is the licence package.json names', () => {
  assert.equal(pkg.license, 'Apache-2.0');
  const text = readFileSync(new URL('LICENSE', root), 'utf8');
  assert.match(text, /^\s*Apache License\s+Version 2\.0, January 2004/);
  assert.match(text, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
});

test('the package holds LICENSE and every file under docs/ that the README links to', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as { files: { path: string }[] }[];
  const files = new Set(packed[0].files.map((file) => file.path));
  assert.ok(files.has('LICENSE'), 'LICENSE');
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const linked = [...new Set([...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]))];
  assert.ok(linked.length > 5, linked.join(' '));
  for (const target of linked) {
    assert.ok(existsSync(new URL(target, root)), `${target} exists`);
    const inside = target.endsWith('/') ? [...files].some((file) => file.startsWith(target)) : files.has(target);
    assert.ok(inside, `the package holds ${target}`);
  }
});

test("the README's and docs' code imports the library by the package name, and only what it exports", async () => {
  const api: Record<string, unknown> = await import('../src/index.js');
  const docs = ['README.md', ...readdirSync(new URL('docs/', root), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
  const imports = docs.flatMap((doc) => [...readFileSync(new URL(doc, root), 'utf8').matchAll(/^import\s+\{([^}]*)\}\s+from\s+'([^']+)'/gm)].map((m) => ({ doc, names: m[1], from: m[2] })));
  assert.ok(imports.length >= 2, 'the docs show imports of the library');
  for (const { doc, names, from } of imports) {
    assert.equal(from, 'clickgen', `${doc} imports from '${from}': a user imports the package`);
    for (const name of names.split(',').map((n) => n.trim()).filter((n) => n !== '')) assert.ok(name in api, `${doc} imports ${name}, which the package does not export`);
  }
});
