import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { parse } from 'yaml';
import { runInProcess } from '../helpers/cli-in-process.js';
import { CLI, REPO } from '../helpers/cli.js';

const MANIFEST = new URL('../../deploy/kubernetes/indexed-job.yaml', import.meta.url);
const DOCKERFILE = new URL('../../Dockerfile', import.meta.url);

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: { spec: { restartPolicy: string; securityContext?: { runAsNonRoot?: boolean }; containers: { image: string; env: EnvVar[]; args: string[] }[] } };
  };
}

const documents = (): Manifest[] => readFileSync(MANIFEST, 'utf8').split(/^---$/m).map((text) => parse(text) as Manifest);

test('the Indexed Job runs N shards, one per index, with N in CLICKGEN_SHARDS and Kafka from a ConfigMap', () => {
  const docs = documents();
  const job = docs.find((doc) => doc.kind === 'Job');
  assert.ok(job?.spec, 'a Job');
  const { spec } = job;
  assert.equal(spec.completionMode, 'Indexed', 'each pod gets JOB_COMPLETION_INDEX');
  const pod = spec.template.spec;
  assert.equal(pod.restartPolicy, 'Never', 'a failed shard is replaced by a new pod of the same index');
  assert.equal(pod.securityContext?.runAsNonRoot, true);
  const [container] = pod.containers;
  const env = new Map(container.env.map((v) => [v.name, v]));
  const shards = Number(env.get('CLICKGEN_SHARDS')?.value);
  assert.ok(shards >= 2, 'CLICKGEN_SHARDS is a number of shards');
  assert.equal(spec.completions, shards, 'completions = CLICKGEN_SHARDS');
  assert.equal(spec.parallelism, shards, 'parallelism = CLICKGEN_SHARDS');
  const bootstrap = env.get('KAFKA_BOOTSTRAP')?.valueFrom;
  const ref = bootstrap?.configMapKeyRef ?? bootstrap?.secretKeyRef;
  assert.ok(ref, 'the Kafka bootstrap comes from a ConfigMap or a Secret');
  const configMap = docs.find((doc) => doc.kind === 'ConfigMap' && doc.metadata.name === ref.name);
  assert.ok(bootstrap?.secretKeyRef !== undefined || configMap?.data?.[ref.key] !== undefined, 'the referenced key exists');

  const args = container.args;
  assert.equal(args[0], 'generate');
  assert.ok(args.includes('--shard=auto'), 'the shard comes from the index');
  assert.ok(args.some((a) => a.startsWith('--duration=')), 'a shard runs for a duration');
  assert.ok(!args.some((a) => /^(-n|--count)\b/.test(a)), 'no event count: it belongs to the whole run');
  assert.ok(args.some((a) => a.startsWith('--seed=')) && args.some((a) => a.startsWith('--start=')), 'a fixed seed and start: a rerun index writes the same events');
  assert.match(args.find((a) => a.startsWith('--output='))!, /^--output=kafka:\/\/\$\(KAFKA_BOOTSTRAP\)\/[\w.-]+\?key=\w+$/, 'keyed Kafka, bootstrap from the env');
});

test("the Job's arguments run as given in every pod, and `clickgen summary merge` takes the pods' logs (output and length shortened here)", async () => {
  const job = documents().find((doc) => doc.kind === 'Job')!;
  const container = job.spec!.template.spec.containers[0];
  const shards = Number(container.env.find((v) => v.name === 'CLICKGEN_SHARDS')!.value!);
  assert.ok(container.args.includes('--summary=/dev/stdout'), "each shard's summary goes to its log");
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-job-'));
  try {
    // Only the Kafka output and the length are replaced; every other argument is the manifest's.
    const logs = await Promise.all(
      Array.from({ length: shards }, async (_, index) => {
        const args = container.args.map((a) => (a.startsWith('--output=') ? `--output=${join(dir, `out-${index}.ndjson`)}` : a.startsWith('--duration=') ? '--duration=1h' : a));
        const pod = await podLog(args, { JOB_COMPLETION_INDEX: String(index), CLICKGEN_SHARDS: String(shards) });
        assert.equal(pod.code, 0, pod.log);
        const file = join(dir, `part-${index}.json`);
        writeFileSync(file, pod.log);
        return file;
      }),
    );
    const merged = await runInProcess(['summary', 'merge', ...logs]);
    assert.equal(merged.code, 0, merged.stderr);
    const summary = JSON.parse(merged.stdout) as { shards: number; events: number };
    assert.equal(summary.shards, shards);
    const written = logs.reduce((total, _, index) => total + readFileSync(join(dir, `out-${index}.ndjson`), 'utf8').split('\n').filter((line) => line !== '').length, 0);
    assert.equal(summary.events, written);
    // Each part names the run's start, which summary merge checks the parts agree on.
    const start = container.args.find((a) => a.startsWith('--start='))!.slice('--start='.length);
    const part = JSON.parse(readFileSync(logs[shards - 1], 'utf8')) as { shard: unknown };
    const end = new Date(new Date(start).getTime() + 3_600_000).toISOString();
    assert.deepEqual(part.shard, { index: shards - 1, count: shards, start: new Date(start).toISOString(), end, settings: { '--format': 'ndjson' }, header_bytes: 0 });
    assert.ok(summary.events > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Runs the built CLI as a pod of the Job: with the controller's environment, and what it writes
 * to stdout and to stderr kept together in the order written, as the pod's log (`kubectl logs`).
 * Both go into one pipe, as a container runtime's are (Node's own child pipes are sockets,
 * which /dev/stdout cannot be opened on).
 */
function podLog(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; log: string }> {
  if (!existsSync(join(REPO, 'dist'))) throw new Error('dist/ is missing: run `npm run build` before this test');
  const script = 'set -o pipefail; "$@" 2>&1 | cat';
  const child = spawn('bash', ['-c', script, 'bash', process.execPath, CLI, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const log: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => log.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, log: Buffer.concat(log).toString('utf8') }));
  });
}

test('the Dockerfile builds on the slim image of the oldest Node the package supports, installs production dependencies only and runs as a non-root user', () => {
  const text = readFileSync(DOCKERFILE, 'utf8');
  const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node;
  const major = /^>=(\d+)\./.exec(engines)?.[1];
  assert.ok(major !== undefined, `engines.node ${engines}`);
  const stages = text.split(/^FROM /m).slice(1);
  assert.ok(stages.every((stage) => stage.startsWith(`node:${major}-slim`)), `every stage is node:${major}-slim`);
  const runtime = stages.at(-1)!;
  assert.match(runtime, /^RUN npm ci --omit=dev\b/m);
  assert.match(runtime, /^USER node$/m);
  assert.match(runtime, /^ENTRYPOINT \["node", "\/app\/bin\/clickgen\.js"\]$/m);
  assert.match(runtime, /^COPY --from=build \/app\/dist \.\/dist$/m);
});

test('the image has every file the package ships (package.json "files"): ui/ for serve, scenarios/, dist/ built in the image, none left out by .dockerignore', () => {
  const runtime = readFileSync(DOCKERFILE, 'utf8').split(/^FROM /m).at(-1)!;
  const copied = new Map<string, string>();
  for (const [, from, source, target] of runtime.matchAll(/^COPY (--from=build )?(\S+) (\S+)$/gm)) copied.set(target.replace(/^\.\//, '').replace(/\/$/, ''), from === undefined ? source : 'build');
  const files = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] }).files;
  for (const name of ['ui', 'scenarios', 'dist']) assert.ok(files.includes(name), `package.json "files" has ${name}`);
  for (const name of files) assert.ok(copied.has(name), `the runtime stage copies ${name}/ (package.json "files")`);
  // What is copied from the build context must not be left out of it.
  const ignoreFile = join(REPO, '.dockerignore');
  const ignored = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')) : [];
  for (const [name, source] of copied) if (source !== 'build') assert.ok(!ignored.some((pattern) => pattern === source || pattern === `${source}/`), `.dockerignore leaves out ${source}, which the image needs for ${name}`);
  assert.equal(copied.get('dist'), 'build', 'dist/ is the one built in the image');
});

test('docs/scale-out.md gets the image to the cluster before kubectl apply, and takes each index’s log from its pod that succeeded', () => {
  const doc = readFileSync(join(REPO, 'docs', 'scale-out.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Kubernetes'));
  const commands = section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => !line.startsWith('#'));
  const firstApply = commands.findIndex((line) => /^kubectl apply |\| kubectl apply /.test(line));
  assert.ok(firstApply > 0, 'kubectl apply is there');
  assert.ok(commands.slice(0, firstApply).some((line) => /^(kind load docker-image|minikube image load|docker push) /.test(line)), 'the image is loaded into or pushed for the cluster before the Job is applied');
  const wait = section.indexOf('kubectl wait');
  const logs = section.slice(wait, section.indexOf('clickgen summary merge', wait));
  assert.match(logs, /--field-selector=status\.phase==Succeeded/, 'a retried index also has failed pods: take the one that succeeded');
  assert.match(logs, /batch\.kubernetes\.io\/job-completion-index=\$k/);
  assert.doesNotMatch(logs, /tail -1/, 'the last pod listed is not the one that succeeded');
});
