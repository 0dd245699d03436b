// The page of `clickgen serve`: pick or paste a scenario, see its journey and its problems as
// you type, preview a few thousand events, watch a live stream, copy the command line.
// Everything it shows comes from this server's /ui/api/ and stream endpoints.
import { bars, el, hourly, rates } from './charts.js';

const $ = (id) => document.getElementById(id);
const CHECK_DELAY_MS = 250;

const page = {
  info: null,
  /** The built-in picked, and its text as shipped: unchanged text is sent by name. */
  builtin: null,
  /** Params as the scenario defines them, to send only the ones changed as --set. */
  params: {},
  typeField: null,
  streamable: false,
  checkTimer: null,
  checkSeq: 0,
  stream: null,
};

function headers(extra = {}) {
  const token = $('token').value.trim();
  return token === '' ? extra : { ...extra, Authorization: `Bearer ${token}` };
}

async function api(path, body) {
  const response = await fetch(path, body === undefined ? { headers: headers() } : { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
  const json = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
  return { status: response.status, json };
}

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

/** What the page asks the server about: the scenario by name or as text, and the params changed. */
function pageRequest() {
  const text = $('yaml').value;
  const body = page.builtin !== null && text === page.builtin.text ? { scenario: page.builtin.name } : { yaml: text };
  body.set = [...$('params').querySelectorAll('input')].filter((i) => i.value !== i.dataset.original).map((i) => `${i.name}=${i.value}`);
  if ($('seed').value !== '') body.seed = Number($('seed').value);
  body.count = Number($('count').value);
  body.start = $('start').value.trim();
  return body;
}

function showKind() {
  const named = page.builtin !== null && $('yaml').value === page.builtin.text;
  $('scenario-kind').textContent = named ? `built-in ${page.builtin.name}` : 'pasted text (scenario.yaml)';
}

function renderGutter(problemLines = new Set()) {
  const lines = $('yaml').value.split('\n').length;
  const gutter = $('gutter');
  gutter.replaceChildren(...Array.from({ length: lines }, (_, i) => el('span', { class: problemLines.has(i + 1) ? 'bad' : '', text: `${i + 1}\n` })));
  gutter.scrollTop = $('yaml').scrollTop;
}

function showProblems(problems) {
  const list = $('problems');
  list.replaceChildren(
    ...problems.map((p) => {
      const item = el('li', { 'data-line': p.line ?? '' }, [el('b', { text: p.line === null ? 'scenario' : `line ${p.line}${p.column === null ? '' : `:${p.column}`}` }), ` ${p.message}`]);
      if (p.line !== null) item.addEventListener('click', () => selectLine(p.line));
      return item;
    }),
  );
  renderGutter(new Set(problems.map((p) => p.line).filter((l) => l !== null)));
}

function selectLine(line) {
  const area = $('yaml');
  const lines = area.value.split('\n');
  const from = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(from, from + (lines[line - 1] ?? '').length);
  area.scrollTop = Math.max(0, (line - 4) * parseFloat(getComputedStyle(area).lineHeight));
}

function showParams(params) {
  const same = JSON.stringify(params) === JSON.stringify(page.params);
  if (same) return;
  page.params = params;
  $('params').replaceChildren(
    ...Object.entries(params).map(([name, value]) =>
      el('tr', {}, [el('th', { text: name }), el('td', {}, [el('input', { name, value: String(value), 'data-original': String(value), size: 14 })])]),
    ),
  );
}

function showDiagram(svgText) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  $('diagram').replaceChildren(document.importNode(doc.documentElement, true));
  $('diagram').classList.remove('stale');
}

function scheduleCheck() {
  clearTimeout(page.checkTimer);
  showKind();
  renderGutter();
  page.checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

async function check() {
  const seq = ++page.checkSeq;
  const { status: code, json } = await api('/ui/api/check', pageRequest());
  if (seq !== page.checkSeq) return; // a later edit is already being checked
  if (code === 200 && json.ok) {
    showProblems(json.warnings.map((w) => ({ line: null, column: null, message: `warning: ${w}` })));
    showParams(json.params);
    showDiagram(json.diagram);
    $('command').textContent = json.command;
    $('seed').placeholder = `${json.seed} (the scenario's)`;
    page.typeField = json.type_field;
    page.streamable = true;
    $('start-stream').disabled = page.stream !== null;
    status(`${json.name}: valid`);
  } else if (code === 200) {
    showProblems(json.problems);
    page.streamable = false;
    $('start-stream').disabled = true;
    // The journey drawn is the last one that was valid.
    $('diagram').classList.add('stale');
    status(`${json.problems.length} problem${json.problems.length === 1 ? '' : 's'}`, true);
  } else {
    showProblems([{ line: null, column: null, message: json.message ?? `HTTP ${code}` }]);
    status(json.message ?? `HTTP ${code}`, true);
  }
}

async function runPreview() {
  const began = performance.now();
  $('preview-button').disabled = true;
  try {
    const { status: code, json } = await api('/ui/api/preview', pageRequest());
    if (code !== 200 || !json.ok) {
      showProblems(json.problems ?? [{ line: null, column: null, message: json.message }]);
      status(json.message ?? 'the preview failed', true);
      return;
    }
    showPreview(json);
    const ms = performance.now() - began;
    $('preview-time').textContent = `${json.events.toLocaleString('en-US')} events in ${Math.round(ms)} ms`;
    $('preview-time').dataset.ms = String(ms);
    // How many previews this page has shown: lets a caller wait for the next one.
    $('preview-time').dataset.n = String(Number($('preview-time').dataset.n ?? 0) + 1);
  } finally {
    $('preview-button').disabled = false;
  }
}

function percent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

function showPreview(result) {
  const report = result.report;
  $('command').textContent = result.command;
  $('preview-summary').textContent = `${result.events.toLocaleString('en-US')} events, ${report.sessions.count.toLocaleString('en-US')} sessions, from ${report.first_event_time} to ${report.last_event_time}; conversion ${percent(report.conversion_rate)}`;
  $('funnel').replaceChildren(
    el('tr', {}, ['step', 'sessions', 'share', 'from previous'].map((h) => el('th', { text: h }))),
    ...report.funnel.map((step) =>
      el('tr', { 'data-step': step.step, 'data-sessions': step.sessions }, [
        el('td', { text: step.step }),
        el('td', { text: step.sessions.toLocaleString('en-US') }),
        el('td', {}, [el('span', { class: 'bar inline', style: `width:${(step.share_of_sessions * 80).toFixed(1)}px` }), ` ${percent(step.share_of_sessions)}`]),
        el('td', { text: percent(step.from_previous) }),
      ]),
    ),
  );
  const devices = Object.entries(report.by_device).map(([device, m]) => ({ label: device, value: m.conversion_rate, text: `${percent(m.conversion_rate)} of ${m.sessions}` }));
  if (devices.length === 0) $('devices').textContent = 'no device field';
  else bars($('devices'), devices);
  hourly($('hourly'), report.hourly.sessions, result.scenarioHourly);
  const columns = [...new Set(result.sample.flatMap((row) => Object.keys(row)))];
  $('sample').replaceChildren(
    el('tr', {}, columns.map((c) => el('th', { text: c }))),
    ...result.sample.map((row) => el('tr', {}, columns.map((c) => el('td', { text: cell(row[c]) })))),
  );
}

function cell(value) {
  if (value === undefined) return '';
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function fieldOf(event, path) {
  let value = event;
  for (const key of path.split('.')) value = value?.[key];
  return value;
}

/**
 * Streams the scenario as the page has it (a built-in, with its params, or pasted text) from
 * /ui/api/stream, reading NDJSON and counting events per second and per type.
 */
async function startStream() {
  const request = pageRequest();
  const scenario = request.scenario ?? 'scenario.yaml';
  const rate = Number($('rate').value);
  const query = new URLSearchParams({ rate: String(rate), duration: $('duration').value });
  const controller = new AbortController();
  const stream = { controller, rate, events: 0, first: null, seconds: [], mix: new Map(), timer: null, lastCount: 0 };
  page.stream = stream;
  $('start-stream').disabled = true;
  $('stop-stream').disabled = false;
  $('target-rate').textContent = `${rate.toLocaleString('en-US')}/s`;
  $('target-rate').dataset.value = String(rate);
  status(`streaming ${scenario}`);
  stream.timer = setInterval(() => tick(stream), 1000);
  try {
    const response = await fetch(`/ui/api/stream?${query}`, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    if (response.status !== 200) {
      const json = await response.json().catch(() => ({}));
      throw new Error(json.message ?? `HTTP ${response.status}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const now = performance.now();
      const lines = (rest + value).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (line === '') continue;
        stream.first ??= now;
        stream.last = now;
        stream.events++;
        const type = page.typeField === null ? '?' : String(fieldOf(JSON.parse(line), page.typeField));
        stream.mix.set(type, (stream.mix.get(type) ?? 0) + 1);
      }
    }
    status(`stream ended: ${stream.events.toLocaleString('en-US')} events`);
  } catch (error) {
    if (error.name !== 'AbortError') status(`stream failed: ${error.message}`, true);
    else status(`stream stopped: ${stream.events.toLocaleString('en-US')} events`);
  } finally {
    clearInterval(stream.timer);
    tick(stream);
    page.stream = null;
    $('stop-stream').disabled = true;
    $('start-stream').disabled = !page.streamable;
  }
}

/** Once a second: the rate of the last second, the rate since the first event, the mix so far. */
function tick(stream) {
  if (stream.first === null) return;
  const window = stream.events - stream.lastCount;
  stream.lastCount = stream.events;
  // Events after the first, over the time since the first: the stream's own pace.
  const elapsed = (stream.last - stream.first) / 1000;
  const achieved = elapsed > 0 ? (stream.events - 1) / elapsed : 0;
  stream.seconds.push({ window, achieved });
  $('achieved-rate').textContent = `${achieved.toFixed(1)}/s`;
  $('achieved-rate').dataset.value = String(achieved);
  $('window-rate').textContent = `${window.toLocaleString('en-US')}/s`;
  $('stream-events').textContent = stream.events.toLocaleString('en-US');
  $('stream-events').dataset.value = String(stream.events);
  rates($('rate-chart'), stream.rate, stream.seconds);
  const mix = [...stream.mix].sort((a, b) => b[1] - a[1]);
  bars($('mix'), mix.map(([type, n]) => ({ label: type, value: n, text: percent(n / stream.events) })));
}

async function copyCommand() {
  const text = $('command').textContent;
  try {
    await navigator.clipboard.writeText(text);
    status('command copied');
  } catch {
    // Without clipboard access (plain http on another host), select it for Ctrl+C.
    getSelection().selectAllChildren($('command'));
    status('command selected: press Ctrl+C');
  }
}

/** A preview belongs to the scenario it was made of: another scenario starts without one. */
function clearPreview() {
  $('preview-summary').textContent = 'Press Preview to simulate a few thousand events.';
  for (const id of ['funnel', 'devices', 'hourly', 'sample']) $(id).replaceChildren();
  $('preview-time').textContent = '';
}

function pickBuiltin(name) {
  clearPreview();
  page.builtin = page.info.scenarios.find((s) => s.name === name);
  $('yaml').value = page.builtin.text;
  page.params = null;
  scheduleCheck();
}

async function start() {
  $('token').value = sessionStorage.getItem('clickgen-token') ?? '';
  const { status: code, json } = await api('/ui/api/scenarios');
  if (code === 401) {
    $('token-box').hidden = false;
    status('this server needs a token: enter it above', true);
    $('token').addEventListener('change', () => {
      sessionStorage.setItem('clickgen-token', $('token').value.trim());
      location.reload();
    });
    return;
  }
  page.info = json;
  $('token-box').hidden = !json.token_required;
  $('builtin').replaceChildren(...json.scenarios.map((s) => el('option', { value: s.name, text: s.name, title: s.description })));
  $('builtin').value = json.default;
  $('count').value = String(json.preview.default_events);
  $('count').max = String(json.preview.max_events);
  $('start').value = json.preview.default_start;
  $('builtin').addEventListener('change', () => pickBuiltin($('builtin').value));
  $('yaml').addEventListener('input', scheduleCheck);
  $('yaml').addEventListener('scroll', () => ($('gutter').scrollTop = $('yaml').scrollTop));
  for (const id of ['seed', 'count', 'start']) $(id).addEventListener('input', scheduleCheck);
  $('params').addEventListener('input', scheduleCheck);
  $('preview-button').addEventListener('click', runPreview);
  $('start-stream').addEventListener('click', startStream);
  $('stop-stream').addEventListener('click', () => page.stream?.controller.abort());
  $('copy').addEventListener('click', copyCommand);
  // A large journey is shrunk to the panel; its own size scrolls instead.
  $('zoom').addEventListener('click', () => {
    const fit = $('diagram').classList.toggle('fit');
    $('zoom').textContent = fit ? 'Actual size' : 'Fit';
  });
  pickBuiltin(json.default);
  document.body.dataset.ready = 'true';
}

start().catch((error) => status(`the page could not start: ${error.message}`, true));
