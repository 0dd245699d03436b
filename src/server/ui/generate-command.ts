/** The `clickgen generate` command line that writes the same events as a preview. */
export function generateCommand(options: { scenario: string; seed: number; count: number; start: string; set: readonly string[] }): string {
  const words = ['clickgen', 'generate', '-s', options.scenario, '--seed', String(options.seed), '-n', String(options.count), '--start', options.start];
  for (const set of options.set) words.push('--set', set);
  return words.map(shellWord).join(' ');
}

/** The `clickgen inspect` command line that measures those events as the preview does. */
export function inspectCommand(typeField: string | null): string {
  return ['clickgen', 'inspect', '-', ...(typeField === null ? [] : ['--type-field', typeField])].map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
