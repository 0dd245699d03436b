/**
 * A node:test reporter that ends the run with one line saying what was skipped and how to
 * install what was missing. Used beside the spec reporter by `npm test`. Skip reasons of the
 * form "missing PROGRAMS (INSTALL COMMAND): what" (test/helpers/requirement.ts) are grouped by
 * program; other reasons are listed as they are.
 */
export default async function* skipSummary(source) {
  /** reason group -> number of tests skipped for it */
  const groups = new Map();
  const installs = new Set();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const reason = event.data.skip;
    if (reason === undefined || reason === false) continue;
    const text = typeof reason === 'string' ? reason : 'skipped without a reason';
    const missing = /^(missing [^(]+\((apt-get install -y [^)]+)\))/.exec(text);
    if (missing !== null) for (const name of missing[2].replace('apt-get install -y ', '').split(' ')) installs.add(name);
    const group = missing === null ? text : missing[1];
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  yield `${summaryLine(groups, installs)}\n`;
}

/** "Skipped 20 tests: 18 missing redis-server (...); 2 missing chromium (...). Install all: ..." */
function summaryLine(groups, installs) {
  const total = [...groups.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'Skipped: nothing; every test ran.';
  const parts = [...groups].map(([group, count]) => `${count} ${group}`);
  const install = installs.size === 0 ? '' : ` Install all with: apt-get install -y ${[...installs].join(' ')}`;
  return `Skipped ${total} test${total === 1 ? '' : 's'}: ${parts.join('; ')}.${install}`;
}
