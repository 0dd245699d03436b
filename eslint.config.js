import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (docs/architecture.md), held by one no-restricted-imports setting per
 * folder: each names the top-level folders of src/ that its files must not import. ESLint
 * does not merge a rule's options across matching blocks, so every file matches one block.
 */
const FOLDERS = ['cli', 'server', 'pipeline', 'inspect', 'diagram', 'sinks', 'encode', 'records', 'scenario', 'engine', 'clock', 'random', 'time', 'threads'];
const except = (...allowed) => FOLDERS.filter((folder) => !allowed.includes(folder));
const layer = (folder, forbidden, why, more = []) => ({
  files: [folder === '.' ? 'src/*.ts' : `src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: [...(forbidden.length === 0 ? [] : [{ regex: `^(\\.\\.?/)+(${forbidden.join('|')})/`, message: why }]), ...more] }],
  },
});
const LAYERS = [
  layer('time', except(), 'time helpers are neutral: every layer may use them, they use none.'),
  layer('random', except(), 'the seeded streams use no other layer.'),
  layer('threads', except(), 'starting a worker thread is neutral: the pipeline, sinks and server use it, it uses no layer.'),
  layer('clock', except('time'), 'the clock only tells and waits for time; pacing a run belongs to src/pipeline/pacing.'),
  layer('engine', except('engine', 'random', 'time'), 'the engine simulates from its compiled model (engine/model.ts) with no I/O.', [
    { regex: '^node:', message: 'the engine does no I/O and reads no clock.' },
  ]),
  layer('scenario', except('scenario', 'engine', 'random', 'time'), 'the scenario compiler builds the engine model; it writes and runs nothing.'),
  layer('records', except('records', 'scenario', 'engine', 'time'), 'record schemas describe what a scenario writes; they write nothing.'),
  layer('encode', except('encode', 'engine', 'scenario', 'records', 'time'), 'encoders turn events into bytes; they import no sinks, no pipeline, no CLI or server.'),
  layer('sinks', except('sinks', 'time', 'threads'), 'sinks deliver batches of bytes; they know no events, encoders or runs.'),
  layer('inspect', except('inspect', 'time'), 'inspect reads events back; it uses no other layer.'),
  layer('diagram', except('diagram', 'scenario', 'random', 'time'), 'a diagram draws a validated scenario; it runs nothing.'),
  layer('pipeline', ['cli', 'server', 'inspect'], 'library code imports no CLI or server.'),
  layer('.', ['cli', 'server'], 'library code imports no CLI or server.'),
  // The CLI and the server start runs through the pipeline's one entry, start-run.ts.
  layer('server', ['cli'], 'library code imports no CLI.', [
    { regex: '^(\\.\\./)+pipeline/(?!start-run\\.js$)', message: 'start runs through src/pipeline/start-run.ts, the one entry.' },
  ]),
  layer('cli', [], 'unused', [{ regex: '^(\\.\\./)+pipeline/(?!start-run\\.js$)', message: 'start runs through src/pipeline/start-run.ts, the one entry.' }]),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'bench/*.js', 'scripts/*.mjs', 'ui/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test runs tests it is handed; the promise test() returns needs no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded streams of src/random.' }],
    },
  },
  ...LAYERS,
  {
    // The per-event code. V8 makes an object literal with a getter or setter a dictionary-mode
    // object, and every property read of it in optimized code a generic lookup: the run's
    // batcher cost 4 % of a gift-shop run that way (docs/benchmarks.md).
    files: ['src/engine/**/*.ts', 'src/encode/**/*.ts', 'src/pipeline/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ObjectExpression > Property[kind='get'], ObjectExpression > Property[kind='set']",
          message: 'an object literal with an accessor is a dictionary-mode object in V8; use a class, or Object.defineProperties after the literal.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The page of `clickgen serve`: plain browser scripts.
    files: ['ui/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'fetch', 'performance', 'sessionStorage', 'location', 'navigator', 'getSelection', 'getComputedStyle', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'DOMParser', 'TextDecoderStream', 'URLSearchParams', 'AbortController', 'Event'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
