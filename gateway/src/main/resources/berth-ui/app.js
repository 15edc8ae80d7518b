// Berth's dashboard: the cluster's nodes and containers, a live event feed, and a container's logs and stats.
// Data comes from the gateway's own APIs (/berth/v1/cluster, /containers/json); updates arrive over one
// Server-Sent Events stream that the gateway feeds from Kafka, and each event triggers one re-read.
'use strict';

const $ = (sel) => document.querySelector(sel);
let containers = [];
let refreshQueued = false;
let stopStats = null;

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value == null ? '' : String(value);
  if (cls) el.className = cls;
  return el;
}

function bar(label, used, total, format) {
  const wrap = document.createElement('div');
  const pct = total > 0 ? Math.min(100, Math.round(100 * used / total)) : 0;
  // a node that sets no limit (containers, for one) has no fraction to show
  wrap.append(text('div', total > 0 ? `${label}: ${format(used)} / ${format(total)} (${pct}%)`
      : `${label}: ${format(used)} (no limit)`));
  const outer = document.createElement('div');
  outer.className = 'bar';
  const inner = document.createElement('div');
  inner.style.width = pct + '%';
  outer.append(inner);
  wrap.append(outer);
  return wrap;
}

const cpus = (n) => (n / 1e9).toFixed(2);
// a busybox shell uses well under a MiB: show KiB there rather than a misleading 0
const mib = (n) => (n > 0 && n < 1048576 ? Math.round(n / 1024) + ' KiB' : Math.round(n / 1048576) + ' MiB');

function renderNodes(cluster) {
  const box = $('#nodes');
  box.replaceChildren();
  for (const n of cluster.nodes) {
    const el = document.createElement('div');
    el.className = 'node' + (n.alive ? '' : ' down');
    el.dataset.node = n.id;
    el.dataset.state = n.alive ? n.state : 'down';
    el.append(text('span', n.alive ? n.state : 'down', 'state'), text('strong', n.id));
    const cap = n.capacity || {}, alloc = n.allocated || {};
    el.append(bar('cpu', alloc.nanoCpus || 0, cap.nanoCpus || 0, cpus));
    el.append(bar('memory', alloc.memoryBytes || 0, cap.memoryBytes || 0, mib));
    el.append(bar('containers', (n.containers || []).length, cap.containers || 0, (x) => x));
    box.append(el);
  }
}

function renderContainers() {
  const filter = $('#filter').value.trim().toLowerCase();
  const body = $('#containers tbody');
  body.replaceChildren();
  for (const c of containers) {
    const name = (c.Names && c.Names[0] || '').replace(/^\//, '');
    const node = (c.Labels && c.Labels['berth.node']) || '';
    const hay = [name, c.Image, node, c.State].join(' ').toLowerCase();
    if (filter && !hay.includes(filter)) continue;
    const tr = document.createElement('tr');
    tr.dataset.id = c.Id;
    tr.dataset.name = name;
    tr.dataset.state = c.State;
    const link = document.createElement('a');
    link.href = '#/c/' + c.Id;
    link.textContent = name;
    const nameCell = document.createElement('td');
    nameCell.append(link);
    tr.append(nameCell, text('td', node), text('td', c.State, 'state state-' + c.State), text('td', c.Image),
        text('td', c.Status));
    body.append(tr);
  }
}

async function refresh() {
  refreshQueued = false;
  const [cluster, list] = await Promise.all([
    fetch('/berth/v1/cluster').then((r) => r.json()),
    fetch('/containers/json?all=1').then((r) => r.json()),
  ]);
  containers = list.sort((a, b) => (a.Names[0] || '').localeCompare(b.Names[0] || ''));
  renderNodes(cluster);
  renderContainers();
}

function queueRefresh() {
  if (!refreshQueued) {
    refreshQueued = true;
    setTimeout(() => refresh().catch(console.error), 50);
  }
}

function onEvent(e) {
  const feed = $('#feed');
  const li = text('li', `${e.time || ''}  ${e.type.replace('berth.container.', '')}  ${e.name || e.subject.slice(0, 12)}`
      + (e.image ? `  (${e.image})` : '') + (e.data && e.data.exitCode !== undefined ? `  exit ${e.data.exitCode}` : ''));
  li.dataset.type = e.type;
  li.dataset.subject = e.subject;
  feed.prepend(li);
  while (feed.children.length > 200) feed.lastChild.remove();
  queueRefresh();
}

function connect() {
  const source = new EventSource('events');
  source.onopen = () => { $('#live').textContent = 'live'; $('#live').classList.add('on'); queueRefresh(); };
  source.onerror = () => { $('#live').textContent = 'reconnecting…'; $('#live').classList.remove('on'); };
  source.addEventListener('container', (m) => onEvent(JSON.parse(m.data)));
}

// Docker's multiplexed log stream: 8-byte headers (stream, 0, 0, 0, size as 4 bytes big-endian) before each frame.
function demux(buffer) {
  const bytes = new Uint8Array(buffer);
  const out = [];
  let i = 0;
  while (i + 8 <= bytes.length) {
    const size = (bytes[i + 4] << 24) | (bytes[i + 5] << 16) | (bytes[i + 6] << 8) | bytes[i + 7];
    out.push(new TextDecoder().decode(bytes.subarray(i + 8, i + 8 + size)));
    i += 8 + size;
  }
  return out.join('');
}

function spark(svg, values) {
  const max = Math.max(1e-9, ...values);
  const points = values.map((v, i) => `${(i * 120 / 59).toFixed(1)},${(30 - 28 * v / max).toFixed(1)}`).join(' ');
  svg.querySelector('polyline').setAttribute('points', points);
}

async function followStats(id) {
  const controller = new AbortController();
  stopStats = () => controller.abort();
  const cpu = [], mem = [];
  try {
    const response = await fetch(`/containers/${id}/stats?stream=1`, { signal: controller.signal });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let pending = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.trim()) continue;
        const s = JSON.parse(line);
        const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
        const sysDelta = (s.cpu_stats.system_cpu_usage || 0) - (s.precpu_stats.system_cpu_usage || 0);
        const pct = sysDelta > 0 ? 100 * cpuDelta / sysDelta * (s.cpu_stats.online_cpus || 1) : 0;
        cpu.push(pct); mem.push(s.memory_stats.usage || 0);
        if (cpu.length > 60) { cpu.shift(); mem.shift(); }
        spark($('#cpu-spark'), cpu); spark($('#mem-spark'), mem);
        $('#cpu-now').textContent = pct.toFixed(1) + '%';
        $('#mem-now').textContent = mib(s.memory_stats.usage || 0);
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') console.error(e);
  }
}

async function showContainer(id) {
  $('#cluster-view').hidden = true;
  $('#container-view').hidden = false;
  const c = await fetch(`/containers/${id}/json`).then((r) => r.json());
  $('#c-title').textContent = c.Name.replace(/^\//, '');
  $('#c-facts').textContent = `${c.State.Status} · ${c.Config.Image} · node ${c.Node ? c.Node.Name : '?'} · started ${c.State.StartedAt}`;
  const logs = await fetch(`/containers/${id}/logs?stdout=1&stderr=1&tail=100`).then((r) => r.arrayBuffer());
  $('#c-logs').textContent = c.Config.Tty ? new TextDecoder().decode(logs) : demux(logs);
  if (c.State.Running) followStats(id);
}

function route() {
  if (stopStats) { stopStats(); stopStats = null; }
  const m = location.hash.match(/^#\/c\/([0-9a-f]+)$/);
  if (m) {
    showContainer(m[1]).catch(console.error);
  } else {
    $('#container-view').hidden = true;
    $('#cluster-view').hidden = false;
    queueRefresh();
  }
}

$('#filter').addEventListener('input', renderContainers);
window.addEventListener('hashchange', route);
connect();
route();
