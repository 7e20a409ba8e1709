// The Ferry console: draws the topology once, then follows /api/events (a state every second).
'use strict';

const $ = (selector) => document.querySelector(selector);
const COLUMNS = ['API routes', 'API functions', 'tables', 'stream consumers', 'topics & streams', 'queues & schedules', 'consumers',
  'dead letters'];
const NODE_W = 185, NODE_H = 28, COL_W = 215, ROW_H = 38, TOP = 30;
const SVG = 'http://www.w3.org/2000/svg';
const FAULTS = [['duplicate', 'duplicate delivery'], ['crash-before', 'crash before the handler'],
  ['crash-after', 'crash after the handler'], ['throttle', 'throttle'], ['ddb-conflict', 'DynamoDB transaction conflict'],
  ['ddb-throttle', 'DynamoDB throttle']];

let topology = null;
let shownDlq = null;
let shownLogs = null;
let shownTrace = null;

async function json(url, options) {
  const response = await fetch(url, options);
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function short(text, max) {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function drawTopology(doc) {
  topology = doc;
  const rows = new Array(COLUMNS.length).fill(0);
  const place = {};
  doc.nodes.forEach((n) => {
    place[n.id] = { x: 10 + n.column * COL_W, y: TOP + rows[n.column] * ROW_H };
    rows[n.column] += 1;
  });
  const height = TOP + Math.max(...rows) * ROW_H + 10;
  const root = svg('svg', { width: 10 + COLUMNS.length * COL_W, height });
  COLUMNS.forEach((title, i) => root.appendChild(svg('text', { x: 10 + i * COL_W, y: 14, class: 'column-title' }, title)));
  const edges = svg('g');
  root.appendChild(edges);
  // Labels above the boxes, so that a box never hides an edge's figures.
  const labels = svg('g', { class: 'labels' });
  doc.edges.forEach((e) => {
    const a = place[e.from], b = place[e.to];
    if (!a || !b) return;
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    const g = svg('g', { class: 'edge ' + e.kind, 'data-edge': e.id });
    g.appendChild(svg('path', { d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` }));
    g.dataset.title = `${e.kind}: ${e.from} → ${e.to}${e.detail ? ' (' + e.detail + ')' : ''}`;
    g.appendChild(svg('title', {}, g.dataset.title));
    labels.appendChild(svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, 'text-anchor': 'middle', class: 'rate', 'data-edge': e.id }));
    edges.appendChild(g);
  });
  doc.nodes.forEach((n) => {
    const p = place[n.id];
    const g = svg('g', { class: 'node ' + n.kind.replace(/ /g, '-'), 'data-node': n.id, transform: `translate(${p.x},${p.y})` });
    g.appendChild(svg('rect', { width: NODE_W, height: NODE_H }));
    g.appendChild(svg('text', { x: 6, y: 18 }, short(n.label, 27)));
    g.appendChild(svg('text', { x: NODE_W - 6, y: 18, 'text-anchor': 'end', class: 'depth' }));
    g.appendChild(svg('title', {}, `${n.kind}: ${n.label}`));
    if (n.kind === 'function') g.addEventListener('click', () => showLogs(n.label));
    if (n.kind === 'dead-letter queue') g.addEventListener('click', () => showDlq(n.label));
    root.appendChild(g);
  });
  root.appendChild(labels);
  const box = $('#topology');
  box.replaceChildren(root);
}

function updateTopology(state) {
  if (!topology) return;
  Object.entries(state.edges).forEach(([id, v]) => {
    const g = document.querySelector(`#topology g.edge[data-edge="${CSS.escape(id)}"]`);
    if (!g) return;
    const parts = [];
    if (v.total > 0) parts.push(`${v.total} msgs`, `${v.perSecond}/s`);
    if (v.backlog > 0 || v.inFlight > 0) parts.push(`${v.backlog || 0} waiting / ${v.inFlight || 0} in flight`);
    // A function's outgoing edges carry the rate of what feeds it: drawn as active, their figures on hover only,
    // so that the measured edges' labels stay readable.
    const derived = /\b(writes|publishes|sends)\b/.test(g.getAttribute('class'));
    document.querySelector(`#topology text.rate[data-edge="${CSS.escape(id)}"]`).textContent = derived ? '' : parts.join(' · ');
    g.querySelector('title').textContent = g.dataset.title + (parts.length ? ' — ' + parts.join(' · ') : '');
    g.classList.toggle('active', v.perSecond > 0 || v.inFlight > 0);
  });
  const queues = Object.fromEntries(state.queues.map((q) => [q.name, q]));
  const fns = Object.fromEntries(state.functions.map((f) => [f.name, f]));
  document.querySelectorAll('#topology g.node').forEach((g) => {
    const id = g.dataset.node;
    const depth = g.querySelector('text.depth');
    if (id.startsWith('queue:') && queues[id.slice(6)]) {
      const q = queues[id.slice(6)];
      const n = q.visible + q.inFlight + q.delayed;
      depth.textContent = n > 0 ? n : '';
      g.classList.toggle('busy', n > 0);
    } else if (id.startsWith('fn:') && fns[id.slice(3)]) {
      const f = fns[id.slice(3)];
      depth.textContent = f.concurrency > 0 ? `${f.concurrency}▶` : '';
      g.classList.toggle('busy', f.concurrency > 0);
    }
  });
}

function cell(row, text, cls) {
  const td = el('td', cls ? { class: cls } : {}, text === undefined || text === null ? '–' : String(text));
  row.appendChild(td);
  return td;
}

function ms(v) {
  return v === undefined ? '–' : v.toFixed(v < 10 ? 1 : 0);
}

function age(millis) {
  if (millis === null || millis === undefined) return '–';
  return millis < 1000 ? `${millis} ms` : millis < 120000 ? `${(millis / 1000).toFixed(1)} s` : `${Math.round(millis / 60000)} min`;
}

function updateFunctions(state) {
  const body = $('#functions tbody');
  body.replaceChildren(...state.functions.map((f) => {
    const row = el('tr', { 'data-function': f.name, class: f.errors > 0 ? 'errors' : '' });
    cell(row, f.name);
    cell(row, f.invocations, 'n invocations');
    cell(row, f.errors, 'n errors');
    cell(row, f.throttles, 'n');
    cell(row, `${f.concurrency} (${f.peakConcurrency})`, 'n');
    cell(row, ms(f.p50), 'n p50');
    cell(row, ms(f.p90), 'n');
    cell(row, ms(f.p99), 'n');
    const td = el('td');
    const button = el('button', { type: 'button', class: 'logs' }, 'logs');
    button.addEventListener('click', () => showLogs(f.name));
    td.appendChild(button);
    row.appendChild(td);
    return row;
  }));
  if (shownLogs) showLogs(shownLogs, true);
}

function updateQueues(state) {
  const body = $('#queues tbody');
  const sorted = [...state.queues].sort((a, b) => (a.deadLetter - b.deadLetter) || a.name.localeCompare(b.name));
  body.replaceChildren(...sorted.map((q) => {
    const row = el('tr', { 'data-queue': q.name, class: q.deadLetter ? 'dead' : '' });
    cell(row, q.name);
    cell(row, q.visible + q.delayed, 'n depth' + (q.deadLetter && q.visible > 0 ? ' bad' : ''));
    cell(row, q.inFlight, 'n');
    cell(row, age(q.oldestAgeMillis), 'n oldest');
    const td = el('td');
    if (q.deadLetter) {
      const button = el('button', { type: 'button', class: 'show' }, 'show');
      button.addEventListener('click', () => showDlq(q.name));
      td.appendChild(button);
    }
    row.appendChild(td);
    return row;
  }));
}

function updateOrders(state) {
  $('#orders').replaceChildren(...state.orders.map((o) => {
    const li = el('li', { 'data-order': o.orderId, 'data-correlation': o.correlationId, class: o.status, title: o.correlationId },
      `${o.orderId} ${o.status}`);
    li.addEventListener('click', () => {
      $('#trace-input').value = o.correlationId;
      showTrace(o.correlationId);
    });
    return li;
  }));
  if (shownTrace) showTrace(shownTrace);
}

function updateFaults(state) {
  const rows = $('#faults-rows');
  if (!rows.children.length) {
    FAULTS.forEach(([key, label]) => {
      if (!(key in state.faults.rates)) return;
      const row = el('tr', { 'data-fault': key });
      cell(row, label);
      const td = el('td');
      td.appendChild(el('input', { type: 'number', min: '0', max: '1', step: '0.05', 'data-fault': key, value: state.faults.rates[key] }));
      row.appendChild(td);
      cell(row, 0, 'n injected');
      rows.appendChild(row);
    });
  }
  FAULTS.forEach(([key]) => {
    const row = rows.querySelector(`tr[data-fault="${key}"]`);
    if (row) row.querySelector('.injected').textContent = state.faults.injected[key] ?? 0;
  });
  $('#faults-note').textContent = state.faults.dynamodb || '';
  const g = state.guarantees;
  const line = `orders: ${g.ordersPlaced} placed, ${g.ordersSettled} settled, ${g.ordersSettledTwice} settled twice`;
  $('#guarantees').textContent = line;
  $('#guarantees').classList.toggle('bad', g.ordersSettledTwice > 0);
}

function update(state) {
  $('#updated').textContent = 'updated ' + new Date(state.at).toLocaleTimeString();
  updateTopology(state);
  updateFunctions(state);
  updateQueues(state);
  updateOrders(state);
  updateFaults(state);
}

async function showLogs(fn, quiet) {
  shownLogs = fn;
  $('#logs').hidden = false;
  $('#logs-function').textContent = fn;
  try {
    const doc = await json(`/api/logs?function=${encodeURIComponent(fn)}&lines=15`);
    $('#logs-lines').textContent = doc.lines.length ? doc.lines.join('\n') : (doc.note || '(no lines yet)');
  } catch (e) {
    if (!quiet) $('#logs-lines').textContent = e.message;
  }
}

async function showDlq(name) {
  shownDlq = name;
  $('#dlq').hidden = false;
  $('#dlq-name').textContent = name;
  const list = $('#dlq-messages');
  try {
    const doc = await json(`/api/dlq?queue=${encodeURIComponent(name)}&max=10`);
    if (!doc.messages.length) {
      list.replaceChildren(el('li', {}, 'no messages'));
      return;
    }
    list.replaceChildren(...doc.messages.map((m) => {
      const li = el('li', { class: 'letter', 'data-message': m.messageId });
      li.appendChild(el('div', { class: 'reason' }, m.reason || '(no reason attached)'));
      li.appendChild(el('pre', {}, m.report));
      return li;
    }));
  } catch (e) {
    list.replaceChildren(el('li', {}, e.message));
  }
}

async function redrive() {
  if (!shownDlq) return;
  $('#dlq-result').textContent = 'redriving…';
  try {
    const r = await json(`/api/dlq/redrive?queue=${encodeURIComponent(shownDlq)}`, { method: 'POST' });
    $('#dlq-result').textContent = r.message;
  } catch (e) {
    $('#dlq-result').textContent = e.message;
  }
  showDlq(shownDlq);
}

async function showTrace(id) {
  shownTrace = id;
  let doc;
  try {
    doc = await json(`/api/trace?id=${encodeURIComponent(id)}`);
  } catch (e) {
    $('#trace-summary').textContent = e.message;
    return;
  }
  $('#trace').hidden = false;
  $('#trace-chain').textContent = doc.chain.length ? doc.chain.join(' → ') : `nothing recorded for ${id}`;
  $('#trace-status').textContent = doc.status;
  $('#trace-status').className = 'badge ' + doc.status;
  $('#trace-summary').textContent = doc.hops.length
    ? `${doc.correlationId}: ${doc.hops.length} invocations over ${Math.round(doc.spanMillis)} ms; ${doc.retries} retries, `
      + `${doc.duplicatesAbsorbed} duplicates absorbed by the idempotency store`
    : '';
  const span = Math.max(doc.spanMillis || 1, 1);
  $('#timeline').replaceChildren(...doc.hops.map((h) => {
    const row = el('div', { class: 'hop' + (h.ok ? '' : ' failed'), 'data-function': h.function });
    row.appendChild(el('div', { class: 'fn', title: h.source }, h.function));
    const track = el('div', { class: 'track' });
    const left = (h.atMillis / span) * 100;
    const width = Math.max((h.durationMillis / span) * 100, 0.4);
    track.appendChild(el('div', { class: 'bar', style: `left:${left}%;width:${width}%` }));
    // Beside its bar, as long as there is room on the right; else over the track's left part.
    const label = el('span', { class: 'label', style: left + width < 62 ? `left:${left + width}%` : `right:${100 - left}%` },
      `${h.events.join(', ') || h.source.replace(/^route:/, '')} · ${h.durationMillis.toFixed(1)} ms · ${h.outcome}`);
    label.classList.add('events');
    if (h.repeat) label.appendChild(el('span', { class: 'badge repeat' }, `${h.repeat} (attempt ${h.attempt})`));
    track.appendChild(label);
    row.appendChild(track);
    return row;
  }));
}

function renderCost(doc) {
  // The report's shape is the cost command's: its scalar fields as a list, its tables (arrays of objects) as tables.
  const box = $('#cost');
  const parts = [];
  const scalars = el('dl');
  Object.entries(doc).forEach(([k, v]) => {
    if (v !== null && typeof v === 'object') return;
    scalars.appendChild(el('dt', {}, k));
    scalars.appendChild(el('dd', {}, String(v)));
  });
  parts.push(scalars);
  Object.entries(doc).forEach(([k, v]) => {
    if (!Array.isArray(v) || !v.length || typeof v[0] !== 'object') return;
    const table = el('table');
    const keys = Object.keys(v[0]);
    const head = el('tr');
    keys.forEach((key) => head.appendChild(el('th', {}, key)));
    table.appendChild(head);
    v.forEach((item) => {
      const row = el('tr');
      keys.forEach((key) => cell(row, typeof item[key] === 'object' ? JSON.stringify(item[key]) : item[key]));
      table.appendChild(row);
    });
    parts.push(el('h3', {}, k), table);
  });
  box.replaceChildren(...parts);
}

async function refreshCost() {
  try {
    const doc = await json('/api/cost');
    $('#cost-section').hidden = !doc;
    if (doc) renderCost(doc);
  } catch (e) {
    $('#cost-section').hidden = true;
  }
}

function follow() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    $('#connection').textContent = 'live';
    $('#connection').classList.add('live');
  });
  events.addEventListener('state', (message) => update(JSON.parse(message.data)));
  events.addEventListener('error', () => {
    $('#connection').textContent = 'reconnecting…';
    $('#connection').classList.remove('live');
  });
}

$('#trace-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = $('#trace-input').value.trim();
  if (id) showTrace(id);
});
$('#redrive').addEventListener('click', redrive);
$('#faults').addEventListener('submit', async (event) => {
  event.preventDefault();
  const rates = {};
  document.querySelectorAll('#faults input[data-fault]').forEach((input) => { rates[input.dataset.fault] = Number(input.value); });
  try {
    const state = await json('/api/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rates) });
    const on = Object.entries(state.faults.rates).filter(([, p]) => p > 0).map(([k, p]) => `${k} ${p}`);
    $('#faults-result').textContent = 'now: ' + (on.length ? on.join(', ') : 'no faults');
    update(state);
  } catch (e) {
    $('#faults-result').textContent = e.message;
  }
});

json('/api/topology').then(drawTopology).catch((e) => { $('#topology').textContent = e.message; });
follow();
refreshCost();
setInterval(refreshCost, 10000);
