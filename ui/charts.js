// Small SVG and HTML charts for the page, built with DOM calls (never from HTML text, so
// values from a scenario are always shown as text).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element of the HTML or SVG namespace with attributes and children. */
export function el(tag, attrs = {}, children = [], ns = null) {
  const node = ns === null ? document.createElement(tag) : document.createElementNS(ns, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

const s = (tag, attrs, children) => el(tag, attrs, children, SVG_NS);

/** Horizontal bars: rows of { label, value, text }, scaled to the largest value (or `max`). */
export function bars(container, rows, max = Math.max(1e-12, ...rows.map((r) => r.value))) {
  container.replaceChildren(
    ...rows.map((row) =>
      el('div', { class: 'bar-row' }, [
        el('span', { class: 'bar-label', text: row.label }),
        el('span', { class: 'bar-track' }, [el('span', { class: 'bar', style: `width:${((100 * row.value) / max).toFixed(1)}%` })]),
        el('span', { class: 'bar-value', text: row.text }),
      ]),
    ),
  );
}

/** 24 bars of sessions by hour, with the scenario's hourly weights as a line over them when it has any. */
export function hourly(container, sessions, weights) {
  const width = 360;
  const height = 120;
  const top = Math.max(1, ...sessions);
  const step = width / 24;
  const children = sessions.map((n, hour) =>
    s('rect', { x: hour * step + 1, y: height - (n / top) * (height - 14), width: step - 2, height: (n / top) * (height - 14), class: 'hour-bar' }, [s('title', { text: `${hour}:00 UTC: ${n} sessions` })]),
  );
  if (weights !== null) {
    const wTop = Math.max(...weights);
    const points = weights.map((w, hour) => `${(hour + 0.5) * step},${height - (w / wTop) * (height - 14)}`).join(' ');
    children.push(s('polyline', { points, class: 'curve' }, [s('title', { text: "the scenario's hourly arrival weights" })]));
  }
  for (const hour of [0, 6, 12, 18]) children.push(s('text', { x: hour * step + 2, y: 10, class: 'axis', text: `${hour}h` }));
  container.replaceChildren(s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img' }, children));
}

/** Target and achieved rate over the seconds of a stream. */
export function rates(container, target, points) {
  const width = 360;
  const height = 140;
  const seconds = Math.max(10, points.length);
  const top = Math.max(target * 1.25, ...points.map((p) => p.window));
  const x = (i) => (i / seconds) * width;
  const y = (v) => height - 4 - (v / top) * (height - 20);
  const line = (values, cls, title) => s('polyline', { points: values.map((v, i) => `${x(i + 1)},${y(v)}`).join(' '), class: cls }, [s('title', { text: title })]);
  container.replaceChildren(
    s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img' }, [
      s('line', { x1: 0, x2: width, y1: y(target), y2: y(target), class: 'target' }, [s('title', { text: `target ${target}/s` })]),
      line(points.map((p) => p.window), 'window', 'events in each second'),
      line(points.map((p) => p.achieved), 'achieved', 'achieved since the first event'),
      s('text', { x: 4, y: 12, class: 'axis', text: `${Math.round(top)}/s` }),
    ]),
  );
}
