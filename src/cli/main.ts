import { Command, CommanderError } from 'commander';
import { FORMATS } from '../encode/create-encoder.js';
import { OUTPUT_SCHEMES } from '../sinks/create-sink.js';
import { ClickgenError, UsageError } from '../errors.js';
import { didYouMean } from '../scenario/suggest.js';
import { generate, DEFAULT_COUNT } from './generate.js';
import { inspect, OUTSIDE_RANGE_EXIT, type InspectFlags } from './inspect.js';
import { implyCommand, type ImplyFlags } from './imply.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { DEFAULT_SCENARIO } from './scenario-flags.js';
import { describeScenario } from './describe.js';
import { listScenarios, printSchema, showScenario, validate, type SchemaFlags } from './scenario-commands.js';
import type { ScenarioFlags } from './scenario-flags.js';
import { RECORD_SCHEMA_LANGUAGES } from '../records/render.js';
import type { DiagramFlags } from './diagram.js';
import { summaryMerge } from './summary.js';
import type { ServeFlags } from './serve.js';
import { SERVE_DEFAULTS } from './serve-defaults.js';
import { DEFAULT_WARMUP_EVENTS } from '../pipeline/start-run.js';
import { VERSION } from '../version.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `-o` of generate and imply: every target createSink takes, the URL schemes from its own list. */
const OUTPUT_HELP = `- (stdout, default), a file (.gz compresses), 'dir/{field}.ext' for one file per value, 'lake/dt={date}/hour={hour}/part-{seq}.ext' for event-time partitions, or a URL: ${OUTPUT_SCHEMES.join(' ')} (tcp:// listens for socket readers)`;

const GENERATE_EXAMPLES = `
Examples:
  $ clickgen generate --scenario gift-shop -n 1000
  $ clickgen generate --scenario travel --sample 3
  $ clickgen generate -n 1000000 --seed 7 --start 2024-01-01 -o events.ndjson.gz
  $ clickgen generate --duration 7d --format csv -o 'out/{event_type}.csv' --summary summary.json
  $ clickgen generate --duration 2d -o 'lake/dt={date}/hour={hour}/part-{seq}.ndjson' --roll 100000
  $ clickgen generate -n 1000000 --format parquet --compression snappy -o events.parquet
  $ clickgen generate --duration 1d --format parquet -o 'lake/dt={date}/hour={hour}/part-{seq}.parquet'
  $ clickgen generate -n 100000 --format arrow > events.arrows
  $ clickgen generate --scenario gift-shop --set arrivals.rate=50 --set 'states.home.next.search=0.9'
  $ clickgen generate -f examples/line-format.txt -n 10 | head -5    # from the clone root
  $ clickgen generate --scenario shop-ga4 --duration 1d -o 'ga4/{event_name}.ndjson'
  $ clickgen generate --vocabulary segment --duration 1d -o kafka://localhost:9092/segment
  $ clickgen generate -s gift-shop -n 1000000 --format avro --avro-codec snappy -o events.avro
  $ clickgen generate --realtime --rate 500 -o tcp://127.0.0.1:9999
  $ clickgen generate --realtime --start "$(date -u -d '-1 hour' +%FT%TZ)" -o live.ndjson   # then: tail -f live.ndjson
  $ clickgen generate -s shop --duration 30d --workers 4 -o 'kafka://localhost:9092/shop?key=user_id'
  $ clickgen generate -s cart --realtime --rate 20000 --workers 2 -o tcp://127.0.0.1:9999
  $ clickgen generate --seed 7 --start 2024-01-01 --duration 1d --shard 0/4 -o part-0.ndjson --summary part-0.json
  $ clickgen generate --duration 1h --late 5%:10s-120s --duplicates 1% --drop 0.1% --bad-records 0.1% --watermark 30s -o events.ndjson --summary key.json
  $ JOB_COMPLETION_INDEX=2 clickgen generate --seed 7 --start 2024-01-01 --duration 1d --shard auto --shards 4 -o kafka://broker:9092/events`;

const SCHEMA_EXAMPLES = `
Examples:
  $ clickgen schema > scenario.schema.json
  $ clickgen schema --records -s ecommerce --as spark-ddl
  $ clickgen schema --records -s gift-shop --as avro > gift-shop.avsc
  $ clickgen schema --records -s my-shop.yaml --as sql | duckdb shop.db
  $ clickgen schema --records -s drifting.yaml --as avro --at +3m`;

const SERVE_EXAMPLES = `
Examples:
  $ clickgen serve
  $ curl -N 'http://127.0.0.1:8000/stream/interactions?rate=1000&duration=10'
  $ clickgen serve --host 0.0.0.0 --port 8080 --token "$(openssl rand -hex 16)" --tcp-port 9999
  $ clickgen serve --cors http://localhost:5173,https://dash.example.com
  $ xdg-open http://127.0.0.1:8000/ui      # the page: diagrams, previews, live streams`;

const DIAGRAM_EXAMPLES = `
Examples:
  $ clickgen diagram -s cart
  $ clickgen diagram -s travel --format svg -o travel.svg
  $ clickgen diagram -s my-shop.yaml --format dot | dot -Tpng > my-shop.png`;

const IMPLY_EXAMPLES = `
Examples (from the root of a clickgen clone, which has copies of the Imply event generator's
configs in test/fixtures/imply/; any config of that generator works the same way):
  $ clickgen imply -c test/fixtures/imply/clickstream/clickstream.json -m 5 -n 100 -s 2024-01-01T00:00:00
  $ clickgen imply -c test/fixtures/imply/clickstream/clickstream.json -f examples/imply/clickstream_tsv.txt -n 10 -s 2024-01-01
  $ clickgen imply -c test/fixtures/imply/presets/ecommerce.json -t access_combined -r PT1H -s 2024-01-03T12:00:00 -o access.log`;

const INSPECT_EXAMPLES = `
Examples:
  $ clickgen generate --duration 28d -o events.ndjson && clickgen inspect events.ndjson --compare
  $ clickgen generate -n 100000 | clickgen inspect - --json
  $ clickgen inspect events.csv.gz --html report.html
  $ clickgen inspect seed-events.ndjson --time-field event_time --view-event VIEW --cart-event ADD_TO_CART --purchase-event PURCHASE`;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('clickgen')
    .description('Simulates people using shops and travel sites and writes what they do as realistic, deterministic event streams.')
    .version(VERSION)
    // Taken out of the arguments before parsing (runCli); declared so that --help shows it.
    .option('--debug', 'with any command: print the stack trace of an internal error')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (text, write) => write(`${oneLine(text)}\n`) })
    .exitOverride();

  program
    .command('generate')
    .description('generate events from a scenario as fast as the output takes them, or in real time')
    .option('-s, --scenario <name|file>', `built-in scenario name or a .yaml/.json file (default: ${DEFAULT_SCENARIO})`)
    .option('--seed <n>', "seed for the random streams (default: the scenario's seed)")
    .option('-n, --count <n>', `stop after n events (default: ${DEFAULT_COUNT}; with --duration or --realtime, no limit)`)
    .option('--duration <d>', 'stop after this much simulated time: PT1H, P7D, 90s, 15m, 7d')
    .option('--start <time>', 'simulated start, ISO 8601 (default: now, to the second)')
    .option('-m, --max-sessions <n>', 'at most n sessions at once in the whole run, whatever --shard (overrides arrivals.max_concurrent)')
    .option('--shard <k/N|auto>', 'write only shard k of N: the lanes of users whose number mod N = k (user u is in lane u mod 64); auto: k from JOB_COMPLETION_INDEX')
    .option('--shards <N>', 'with --shard auto: the number of shards (default: $CLICKGEN_SHARDS)')
    .option('--workers <n>', 'simulate in n worker threads, each a share of the users, merged into one output: the same as one thread writes, except that in real time each holds its share of --rate (default 1)')
    .option('--realtime', 'write each event when it is due on the wall clock; a past --start backfills first, then goes live')
    .option('--rate <events/s>', 'with --realtime: hold this many events per second (default: the scenario arrivals and curves set the volume)')
    .option('--warmup-events <n>', `with --realtime: simulate up to n events of history first, so the run starts with sessions in progress (default: ${DEFAULT_WARMUP_EVENTS.toLocaleString('en-US')})`)
    // Checked by generate (parseChoice), not commander: bad input gets clickgen's one-line message.
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (default: the one -o's file name ends in, .csv .tsv .avro .parquet .arrow, else ndjson)`)
    .option('--row-group-size <rows>', 'with --format parquet or arrow: rows per Parquet row group or Arrow record batch (default: 100000)')
    .option('--compression <codec>', 'with --format parquet: zstd (default), snappy or none')
    .option('-f, --format-file <file>', 'write lines from a template file with {field} placeholders')
    .option('--no-header', 'leave out the CSV/TSV header line')
    .option('--avro-codec <codec>', 'with --format avro: deflate (default), snappy, zstd (Node 22.15+) or null')
    .option('--avro-schema <file.avsc>', "with --format avro: write with this Avro schema instead of the scenario's (checked against its fields)")
    .option('-o, --output <target>', OUTPUT_HELP)
    .option('--roll <limit>', "with -o '...{seq}...': close each file at a size (256MB), an event-time span (1h) or a number of events (1000000) and go on in the next")
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect)
    .option('--vocabulary <name|file>', 'write the same sessions in an analytics vocabulary: segment, ga4, snowplow, snowplow-enriched (or a vocabulary file)')
    .option('--summary <file>', 'write a JSON summary of what was generated, the answer key, to a file (- for stdout when the records go elsewhere)')
    .option('--late <share:min-max>', 'late delivery: this share of events arrives late by a uniform delay, e.g. 5%:10s-120s (the scenario\'s delivery)')
    .option('--duplicates <share[:min-max]>', 'deliver this share of records twice, the same bytes, 1s-60s later unless given, e.g. 1% or 1%:5s-30s')
    .option('--drop <share>', 'never deliver this share of records, e.g. 0.1%')
    .option('--bad-records <share[:kinds]>', 'write this share of records broken (ndjson, csv, tsv), e.g. 0.1% or 1%:truncated,type_violation')
    .option('--summary-window <d>', 'with --summary: the answer key\'s window for per-window counts (default: 1m)')
    .option('--watermark <d[,d...]>', 'with --summary: say what a watermark of each delay would drop, e.g. 10s,1m')
    .option('--progress', 'show a progress line on stderr even when it is not a terminal')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .option('--sample <n>', 'print the first n events as indented JSON, for reading (not with -n, -o, --format)')
    .addHelpText('after', GENERATE_EXAMPLES)
    .action(async (flags: Parameters<typeof generate>[0]) => setExitCode(await generate(flags, io)));

  program
    .command('inspect')
    .description('measure an event file (NDJSON or CSV, .gz too): sessions, funnel, conversion by segment, traffic curves, popularity, delivery')
    .argument('<file>', 'events file, or - for stdin')
    .option('--format <format>', 'input format: ndjson or csv (default: from the file name, else from the first line)')
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--compare', `compare each measure with the published ranges of docs/realism.md; exit code ${OUTSIDE_RANGE_EXIT} when one is outside`)
    .option('--allow-outside', 'with --compare: exit 0 even when a measure is outside its range')
    .option('--timeout <d>', 'inactivity that ends a session (default: 30m)')
    .option('--late-after <d>', 'processing delay above which an event is late (default: 10s)')
    .option('--time-field <name>', 'event time field (default: the first of timestamp, event_time, __time, time)')
    .option('--session-field <name>', 'session id field; without one, sessions are cut from users by inactivity')
    .option('--user-field <name>', 'user id field (default: user_id, visitor_id, ...)')
    .option('--type-field <name>', 'event type field (default: event_type, event, type, ...)')
    .option('--device-field <name>', 'device field (default: device, device_type, client_device)')
    .option('--source-field <name>', 'traffic source field (default: traffic_source, source, channel)')
    .option('--timezone-field <name>', "visitor's IANA time zone field (default: timezone); curves are in local time when present")
    .option('--product-field <name>', 'product id field (default: product_id, item_id, product)')
    .option('--order-value-field <name>', 'order value field on purchases (default: order_value, revenue)')
    .option('--quantity-field <name>', 'units field on purchases (default: quantity)')
    .option('--processing-time-field <name>', 'processing time field, for late and out-of-order events (default: processing_time)')
    .option('--view-event <types>', 'event types of product views, comma-separated (default: product_view, view_product, view, ...)')
    .option('--cart-event <types>', 'event types of adds to cart (default: add_to_cart, cart, ...)')
    .option('--remove-event <types>', 'event types of removals from cart (default: remove_from_cart, ...)')
    .option('--checkout-event <types>', 'event types of checkout starts (default: begin_checkout, checkout)')
    .option('--purchase-event <types>', 'event types of purchases (default: purchase, transaction)')
    .option('--search-event <types>', 'event types of searches (default: search)')
    .option('--page-events <types>', 'event types that show a page, for pages per session (default: page_view, product_view, search, ...)')
    .addHelpText('after', INSPECT_EXAMPLES)
    .action(async (file: string, flags: InspectFlags) => setExitCode(await inspect(file, flags, io)));

  program
    .command('imply')
    .description("run an Imply event generator config unchanged, with generator.py's flags")
    .requiredOption('-c, --config <file>', 'generator config (JSON, either format)')
    .option('-f, --format-file <file>', 'format file: {{field}}, {{time|%d/%b/%Y}}, {field}, %ENV% and \\t escapes')
    .option('-t, --template <name>', "render records with one of the config's templates")
    .option('-m, --max-workers <n>', 'at most n workers (sessions) at once in the whole run, whatever --shard; 1 to 100000 (default 100)')
    .option('--shard <k/N|auto>', 'write only shard k of N (the lanes of users whose number mod N = k); auto: k from JOB_COMPLETION_INDEX')
    .option('--shards <N>', 'with --shard auto: the number of shards (default: $CLICKGEN_SHARDS)')
    .option('-n, --count <n>', 'stop after n records')
    .option('-r, --runtime <duration>', 'stop after this much (simulated) time: ISO 8601, e.g. PT1H, P1D')
    .option('-s, --start <time>', 'start a simulated clock here (ISO 8601) and write as fast as possible; without it records come in real time')
    .option('--seed <n>', 'seed for the random streams, 0 to 4294967295 (default 0)')
    .option('--schedule <file>', 'schedule scaling the worker cap over the week (constant or gmm_temporal)')
    .option('-o, --output <target>', OUTPUT_HELP)
    .option('--validate', 'check the config (and -f/-t) and exit')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .addHelpText('after', IMPLY_EXAMPLES)
    .action(async (flags: ImplyFlags) => setExitCode(await implyCommand(flags, io)));

  program
    .command('serve')
    .description('stream events over HTTP (NDJSON, CSV, Server-Sent Events) and TCP, paced in real time')
    .option('--host <host>', `address to listen on (default: ${SERVE_DEFAULTS.host}; 0.0.0.0 for every interface)`)
    .option('--port <n>', `HTTP port (default: ${SERVE_DEFAULTS.port}; 0 picks a free one)`)
    .option('-s, --scenario <name|file>', `scenario of /stream/interactions, /test-stream and TCP (default: ${SERVE_DEFAULTS.scenario})`)
    .option('--users-scenario <name|file>', `scenario of /stream/users (default: ${SERVE_DEFAULTS.usersScenario})`)
    .option('--seed <n>', "default seed of every stream (default: each scenario's seed); seed= overrides it per request")
    .option('--token <token>', 'require Authorization: Bearer <token> on every endpoint but /health (default: $CLICKGEN_TOKEN)')
    .option('--max-streams <n>', `concurrent streams; more get HTTP 429 (default: ${SERVE_DEFAULTS.maxStreams})`)
    .option('--tcp-port <n>', "also listen for socket readers (Spark's socket source): events as NDJSON lines to each connection")
    .option('--tcp-rate <events/s>', `events per second on each TCP connection (default: ${SERVE_DEFAULTS.tcpRate})`)
    .option('--warmup-events <n>', `simulate up to n events of history before each stream, so it starts with sessions in progress (default: ${SERVE_DEFAULTS.warmupEvents}, a cold start)`)
    .option('--cors <origins>', 'let pages of these origins read the responses: scheme://host[:port], comma-separated, or * (default: off)')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (flags: ServeFlags) => {
      // The server's modules (and prom-client) load only for this command.
      const { serve } = await import('./serve.js');
      setExitCode(await serve(flags, io));
    });

  program
    .command('diagram')
    .description("draw a scenario's journey: states with their event types, transition probabilities, mean dwell times, cart guards, segments and late delivery")
    .option('-s, --scenario <name|file>', `built-in scenario name or a .yaml/.json file (default: ${DEFAULT_SCENARIO})`)
    // Checked by diagram (parseChoice), not commander: bad input gets clickgen's one-line message.
    .option('--format <format>', 'mermaid (stateDiagram-v2, default), dot (Graphviz) or svg (drawn here, offline)')
    .option('--set <path=value>', 'override a scenario value first (repeatable)', collect)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText('after', DIAGRAM_EXAMPLES)
    .action(async (flags: DiagramFlags) => {
      const { diagram } = await import('./diagram.js');
      setExitCode(await diagram(flags, io));
    });

  program
    .command('summary')
    .description('work with the JSON summaries (answer keys) that generate --summary writes')
    .addHelpText('after', '\nExamples:\n  $ clickgen summary merge part-0.json part-1.json -o summary.json')
    .command('merge')
    .description("add the summaries of a run's shards (--shard k/N --summary) into the whole run's")
    .argument('<files...>', 'one summary per shard, every shard 0..N-1 once')
    .option('-o, --output <file>', 'write the merged summary here (default: stdout)')
    .addHelpText('after', '\nExamples:\n  $ clickgen summary merge part-0.json part-1.json part-2.json part-3.json -o summary.json')
    .action(async (files: string[], flags: { output?: string }) => setExitCode(await summaryMerge(files, flags, io)));

  program
    .command('scenarios')
    .description('list the built-in scenarios; scenarios show NAME prints one, to copy and edit')
    .addHelpText('after', '\nExamples:\n  $ clickgen scenarios\n  $ clickgen scenarios show shop > my-shop.yaml')
    // A word that is not `show` reaches this action, not commander's "too many arguments".
    .argument('[command]', 'show NAME, or nothing to list them')
    .allowExcessArguments(true)
    .action((command: string | undefined) => {
      if (command !== undefined) throw new UsageError('BAD_FLAG', `unknown command '${command}' for 'scenarios'${didYouMean(command, ['show'])}; run clickgen scenarios --help`);
      setExitCode(listScenarios(io));
    })
    .command('show')
    .description('print a built-in scenario file')
    .argument('<name>', 'built-in scenario name')
    .addHelpText('after', '\nExamples:\n  $ clickgen scenarios show shop > my-shop.yaml')
    .action((name: string) => setExitCode(showScenario(name, io)));

  program
    .command('describe')
    .description('list the fields of a scenario\'s records: type, example, when null or absent')
    .option('-s, --scenario <name|file>', `built-in scenario name or a .yaml/.json file (default: ${DEFAULT_SCENARIO})`)
    .option('--seed <n>', "seed for the random streams (default: the scenario's seed)")
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect)
    .addHelpText('after', '\nExamples:\n  $ clickgen describe -s travel\n  $ clickgen describe -s my-shop.yaml')
    .action(async (flags: ScenarioFlags) => setExitCode(await describeScenario(flags, io)));

  program
    .command('validate')
    .description('check a scenario file and report its problems, each with its line')
    .argument('<file>', 'scenario file (.yaml or .json) or built-in name')
    .option('--set <path=value>', 'override a scenario value first (repeatable)', collect)
    .addHelpText('after', "\nExamples:\n  $ clickgen validate my-shop.yaml\n  $ clickgen validate shop --set arrivals.rate=2")
    .action((file: string, flags: { set?: string[] }) => setExitCode(validate(file, flags.set ?? [], io)));

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format, for editor completion; with --records, the schema of the records a scenario writes')
    .option('--records', "describe the records `generate` writes for the scenario, not the scenario format")
    .option('-s, --scenario <name|file>', `with --records: built-in scenario name or a .yaml/.json file (default: ${DEFAULT_SCENARIO})`)
    .option('--as <language>', `with --records: ${RECORD_SCHEMA_LANGUAGES.join(', ')} (default: json-schema)`)
    .option('--set <path=value>', 'with --records: override a scenario value first (repeatable)', collect)
    .option('--at <time>', "with --records and faults.drift: the schema in force at this event time (ISO, or +DURATION after --start); without it, the scenario's own")
    .option('--start <time>', 'with --at: the run start that +DURATION drift times count from')
    .addHelpText('after', SCHEMA_EXAMPLES)
    .action((flags: SchemaFlags) => setExitCode(printSchema(flags, io)));

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

/**
 * What commander rejects (an unknown option or command, a missing value), as one line like
 * every other bad input: `error: unknown option '--sumary'` and `(Did you mean --summary?)`
 * become `clickgen: unknown option '--sumary' (did you mean --summary?); run with --help for usage`.
 */
function oneLine(text: string): string {
  const [problem = '', ...rest] = text.trim().replace(/^error: /, '').split('\n');
  const hint = rest.map((line) => line.trim().replace(/^\((.*)\)$/, '$1')).filter((line) => line !== '');
  const suggestion = hint.length === 0 ? '' : ` (${hint.join('; ').replace(/^Did you mean/, 'did you mean')})`;
  return `clickgen: ${problem}${suggestion}; run with --help for usage`;
}

export function main(argv: readonly string[]): void {
  // A reader that stops early (`clickgen schema | head`) is not an error: the writes it
  // missed fail with EPIPE, which is expected. Sinks watch their own stream for it. Another
  // failure there (a full disk under `-o /dev/stdout`) is reported by the writer listening too.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && process.stdout.listenerCount('error') === 1) throw error;
  });
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: () => Date.now() };
  void runCli(argv, io).then((code) => {
    process.exitCode = code;
  });
}
