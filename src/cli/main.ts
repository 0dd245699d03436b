export function main(argv: readonly string[]): void {
  process.stdout.write(`clickgen: not yet wired (${argv.join(' ')})\n`);
}
