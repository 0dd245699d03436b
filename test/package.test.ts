/** What `npm pack` ships: the licence package.json names, and every doc the README links to. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

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
