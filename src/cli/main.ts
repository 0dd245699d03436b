import { Command, CommanderError } from 'commander';
import { FORMATS } from '../encode/create-encoder.js';
import { ClickgenError } from '../errors.js';
import { generate, DEFAULT_COUNT } from './generate.js';
import { implyCommand, type ImplyFlags } from './imply.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { DEFAULT_SCENARIO } from './scenario-flags.js';
import { listScenarios, printSchema, validate } from './scenario-commands.js';
import { VERSION } from '../version.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const GENERATE_EXAMPLES = `
Examples:
  $ clickgen generate --scenario gift-shop -n 1000
  $ clickgen generate -n 1000000 --seed 7 --start 2024-01-01 -o events.ndjson.gz
  $ clickgen generate --duration 7d --format csv -o 'out/{event_type}.csv' --summary summary.json
  $ clickgen generate --scenario my-shop.yaml --set arrivals.rate=50 --set 'states.home.next.search=0.9'
  $ clickgen generate -f line-format.txt -n 10 | head -5`;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('clickgen')
    .description('Simulates people using shops and travel sites and writes what they do as realistic, deterministic event streams.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('generate')
    .description('generate events from a scenario as fast as the output takes them')
    .option('-s, --scenario <name|file>', `built-in scenario name or a .yaml/.json file (default: ${DEFAULT_SCENARIO})`)
    .option('--seed <n>', "seed for the random streams (default: the scenario's seed)")
    .option('-n, --count <n>', `stop after n events (default: ${DEFAULT_COUNT} unless --duration is given)`)
    .option('--duration <d>', 'stop after this much simulated time: PT1H, P7D, 90s, 15m, 7d')
    .option('--start <time>', 'simulated start, ISO 8601 (default: now, to the second)')
    .option('-m, --max-sessions <n>', 'at most n sessions at once (overrides arrivals.max_concurrent)')
    // Checked by generate (parseChoice), not commander: bad input gets clickgen's one-line message.
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (default: ndjson)`)
    .option('-f, --format-file <file>', 'write lines from a template file with {field} placeholders')
    .option('--no-header', 'leave out the CSV/TSV header line')
    .option('-o, --output <target>', "- (stdout, default), a file (.gz compresses), or 'dir/{field}.ext' for one file per value")
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect)
    .option('--summary <file>', 'write a JSON summary of what was generated: the answer key')
    .option('--progress', 'show a progress line on stderr even when it is not a terminal')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .addHelpText('after', GENERATE_EXAMPLES)
    .action(async (flags: Parameters<typeof generate>[0]) => setExitCode(await generate(flags, io)));

  program
    .command('imply')
    .description("run an Imply event generator config unchanged, with generator.py's flags")
    .requiredOption('-c, --config <file>', 'generator config (JSON, either format)')
    .option('-f, --format-file <file>', 'format file: {{field}}, {{time|%d/%b/%Y}}, {field}, %ENV% and \\t escapes')
    .option('-t, --template <name>', "render records with one of the config's templates")
    .option('-m, --max-workers <n>', 'at most n workers (sessions) at once, 1 to 100000', '100')
    .option('-n, --count <n>', 'stop after n records')
    .option('-r, --runtime <duration>', 'stop after this much (simulated) time: ISO 8601, e.g. PT1H, P1D')
    .option('-s, --start <time>', 'start a simulated clock here (ISO 8601) and write as fast as possible; without it records come in real time')
    .option('--seed <n>', 'seed for the random streams, 0 to 4294967295 (default 0)')
    .option('--schedule <file>', 'schedule scaling the worker cap over the week (constant or gmm_temporal)')
    .option('-o, --output <target>', "- (stdout, default), a file (.gz compresses), or 'dir/{field}.ext'")
    .option('--validate', 'check the config (and -f/-t) and exit')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .addHelpText('after', '\nExamples:\n  $ clickgen imply -c clickstream.json -m 5 -n 100 -s 2024-01-01T00:00:00\n  $ clickgen imply -c clickstream.json -f examples/imply/clickstream_tsv.txt -n 10 -s 2024-01-01\n  $ clickgen imply -c ecommerce.json -t access_combined -r PT1H -s 2024-01-03T12:00:00 -o access.log')
    .action(async (flags: ImplyFlags) => setExitCode(await implyCommand(flags, io)));

  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => setExitCode(listScenarios(io)));

  program
    .command('validate')
    .description('check a scenario file and report every problem with its line')
    .argument('<file>', 'scenario file (.yaml or .json) or built-in name')
    .option('--set <path=value>', 'override a scenario value first (repeatable)', collect)
    .action((file: string, flags: { set?: string[] }) => setExitCode(validate(file, flags.set ?? [], io)));

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format, for editor completion')
    .action(() => setExitCode(printSchema(io)));

  return program;
}

/** Runs the CLI. Bad input exits 2 with one line per problem; failures while running exit 1. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv.filter((a) => a !== '--debug'), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything commander rejects is bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ClickgenError) {
      for (const line of error.message.split('\n')) writeLine(io.stderr, `clickgen: ${line}`);
      if (debug) writeLine(io.stderr, error.stack ?? '');
      return error.exitCode;
    }
    writeLine(io.stderr, `clickgen: internal error: ${(error as Error).message}`);
    if (debug) writeLine(io.stderr, (error as Error).stack ?? '');
    else writeLine(io.stderr, 'clickgen: run again with --debug for the stack trace');
    return 1;
  }
}

export function main(argv: readonly string[]): void {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() };
  void runCli(argv, io).then((code) => {
    process.exitCode = code;
  });
}
