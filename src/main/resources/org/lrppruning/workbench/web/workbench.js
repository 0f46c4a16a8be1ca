// The workbench page: uses only the JSON API (docs/workbench.md); nothing is fetched from elsewhere.
(function () {
  'use strict';
  const $ = id => document.getElementById(id);
  const client = 'p' + Math.random().toString(36).slice(2, 12);
  const COLORS = { weight: '#1f77b4', taylor: '#2ca02c', grad: '#ff7f0e', lrp: '#d62728' };
  let model = null;
  let last = null;            // the last evaluation shown
  let chosen = [0, 1, 2, 3];  // test images explained
  let upload = null;          // the dropped image as a data URL
  let heatSeq = 0;
  let curveKey = null;
  let curvePoll = null;
  let curveData = null;

  function showError(message) {
    const e = $('error');
    e.textContent = message;
    e.hidden = !message;
  }

  async function api(path, body) {
    const init = body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    };
    const r = await fetch(path, init);
    const j = await r.json();
    if (!r.ok) {
      throw new Error(j.error || ('HTTP ' + r.status));
    }
    return j;
  }

  function fmt(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'); }
  function pct(v) { return v === null || v === undefined ? '—' : v.toFixed(2) + ' %'; }
  function signed(v, unit) { return v === null || v === undefined || Number.isNaN(v) ? '—' : (v >= 0 ? '+' : '') + v.toFixed(2) + unit; }

  // ---- the request of the current controls
  function setting() {
    const s = {
      criterion: $('criterion').value,
      perClass: Number($('perClass').value),
      seed: Number($('seed').value),
      scope: $('scope').value,
      full: $('full').checked
    };
    if ($('composite').value !== model.defaults.composite) {
      s.composite = $('composite').value;
    }
    if ($('mode').value === 'rate') {
      s.rate = Number($('amount').value).toFixed(2);
    } else {
      s.count = Number($('amount').value);
    }
    return s;
  }

  function amountText() {
    if ($('mode').value === 'rate') {
      return Number($('amount').value).toFixed(2);
    }
    return $('amount').value + ' of ' + model.units;
  }

  // ---- evaluation: one in flight at most; while it runs, only the newest setting waits (a drag coalesces)
  let evalBusy = false;
  let evalPending = false;

  function busy() {
    document.body.dataset.busy = (evalBusy || heatBusy || evalPending || heatPending) ? '1' : '0';
  }

  async function evaluate() {
    $('amount-out').textContent = amountText();
    if (evalBusy) {
      evalPending = true;
      busy();
      return;
    }
    evalBusy = true;
    busy();
    try {
      do {
        evalPending = false;
        const req = setting();
        try {
          const r = await api('/api/evaluate', req);
          last = r;
          showError('');
          drawNumbers(r);
          drawStrips(r);
          drawDiagram(r);
          drawCurves();
          $('download').href = r.onnx;
          $('cli').textContent = r.cli;
          document.body.dataset.evals = String(Number(document.body.dataset.evals) + 1);
        } catch (e) {
          showError(e.message);
        }
      } while (evalPending);
    } finally {
      evalBusy = false;
      busy();
    }
    if (last && !last.refused) { // a refused plan has no pruned model to explain
      heatmaps();
    }
    curves();
  }

  function drawNumbers(r) {
    const t = r.test;
    $('acc-label').textContent = 'test accuracy (' + fmt(t.images) + (t.full ? ', full set)' : ' images)');
    $('acc-before').textContent = pct(t.accuracyBefore);
    $('acc-after').textContent = pct(t.accuracy);
    $('acc-change').textContent = signed(t.change, ' pp');
    $('params-before').textContent = fmt(r.parameters.before);
    $('params-after').textContent = fmt(r.parameters.after);
    $('params-change').textContent = r.parameters.after === null ? '—'
      : signed(100 * (r.parameters.after / r.parameters.before - 1), ' %');
    $('macs-before').textContent = fmt(r.macs.before);
    $('macs-after').textContent = fmt(r.macs.after);
    $('macs-change').textContent = r.macs.after === null ? '—' : signed(100 * (r.macs.after / r.macs.before - 1), ' %');
    $('removed').textContent = fmt(r.removed) + ' of ' + fmt(r.units) + ' units';
    $('refused').hidden = !r.refused;
    $('refused').textContent = r.refused ? 'prune refuses this: ' + r.refused : '';
    $('timing').textContent = 'answered in ' + r.ms + ' ms on the server' + (r.scoreSeconds > 0.5 && r.ms > 500
      ? ' (scores of this setting computed now, cached from here on)' : '');
  }

  // ---- strips: per prunable set its units coloured by normalised score, removed ones grey and struck
  function ramp(t) { // dark blue (low) to yellow (high), viridis-like
    const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
    const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(x));
    const f = x - i;
    const c = stops[i].map((v, k) => Math.round(v + f * (stops[i + 1][k] - v)));
    return 'rgb(' + c.join(',') + ')';
  }

  function drawStrips(r) {
    const box = $('strips');
    if (box.children.length !== r.sets.length) {
      box.innerHTML = '';
      r.sets.forEach((s, h) => {
        const row = document.createElement('div');
        row.className = 'strip';
        row.innerHTML = '<span class="name"></span><canvas></canvas><span class="kept"></span>';
        row.querySelector('.name').textContent = s.name;
        const c = row.querySelector('canvas');
        c.id = 'strip-' + h;
        c.addEventListener('mousemove', ev => stripTip(ev, h));
        c.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
        box.appendChild(row);
      });
    }
    r.sets.forEach((s, h) => {
      const row = box.children[h];
      const c = row.querySelector('canvas');
      const cell = Math.max(1, Math.min(8, Math.floor(900 / s.units)));
      c.width = s.units * cell;
      c.height = 20;
      const g = c.getContext('2d');
      const lo = Math.min(...s.scores.filter(v => v !== null));
      const hi = Math.max(...s.scores.filter(v => v !== null));
      const removed = new Set(s.removed);
      s.scores.forEach((v, j) => {
        g.fillStyle = removed.has(j) ? '#bbb' : v === null ? '#f0f' : ramp(hi > lo ? (v - lo) / (hi - lo) : 0.5);
        g.fillRect(j * cell, 0, cell, 20);
        if (removed.has(j)) {
          g.fillStyle = '#c00';
          g.fillRect(j * cell, 9, cell, 2);
        }
      });
      row.querySelector('.kept').textContent = s.kept + ' / ' + s.units + ' kept';
    });
  }

  function stripTip(ev, h) {
    if (!last) {
      return;
    }
    const s = last.sets[h];
    const c = ev.target;
    const j = Math.min(s.units - 1, Math.floor(ev.offsetX / (c.clientWidth / s.units)));
    const t = $('tooltip');
    t.textContent = s.name + ', unit ' + j + ': score ' + (s.scores[j] === null ? 'NaN' : s.scores[j].toPrecision(4))
      + ', rank ' + s.ranks[j] + ' of ' + last.units + ' (1 = lowest, pruned first); '
      + (s.removed.includes(j) ? 'removed' : 'kept');
    t.style.left = (ev.clientX + 12) + 'px';
    t.style.top = (ev.clientY + 12) + 'px';
    t.hidden = false;
  }

  // ---- the model diagram: layers (graph nodes) left to right, prunable sets coloured, kept/total under them
  function drawDiagram(r) {
    const svg = $('diagram');
    const L = model.layers;
    const w = 74;
    const gap = 12;
    const perRow = Math.max(6, Math.floor(1300 / (w + gap)));
    const rowH = 96;
    const rows = Math.ceil(L.length / perRow);
    const pos = L.map((_, i) => [10 + (i % perRow) * (w + gap), 26 + Math.floor(i / perRow) * rowH]);
    svg.setAttribute('width', 20 + Math.min(L.length, perRow) * (w + gap));
    svg.setAttribute('height', 30 + rows * rowH);
    const kept = r ? r.sets.map(s => s.kept) : null;
    let out = '';
    L.forEach((l, i) => {
      (l.inputs || []).forEach(j => {
        if (j >= 0 && j !== i - 1) { // a skip edge: an arc above the row
          const [x1, y1] = j >= 0 ? pos[j] : pos[0];
          const [x2, y2] = pos[i];
          out += '<path d="M' + (x1 + w / 2) + ' ' + y1 + ' C ' + (x1 + w / 2) + ' ' + (y1 - 22) + ', ' + (x2 + w / 2)
            + ' ' + (y2 - 22) + ', ' + (x2 + w / 2) + ' ' + y2 + '" fill="none" stroke="#999"/>';
        }
      });
      if (i > 0 && (l.inputs || []).includes(i - 1) && pos[i][1] === pos[i - 1][1]) {
        out += '<line x1="' + (pos[i - 1][0] + w) + '" y1="' + (pos[i][1] + 20) + '" x2="' + pos[i][0] + '" y2="'
          + (pos[i][1] + 20) + '" stroke="#999"/>';
      }
    });
    L.forEach((l, i) => {
      const [x, y] = pos[i];
      const set = l.set;
      const fill = set >= 0 ? 'hsl(' + (set * 67 % 360) + ',70%,88%)' : '#f6f6f6';
      out += '<g class="node' + (set >= 0 ? ' prunable' : '') + '" data-layer="' + i + '">'
        + '<rect x="' + x + '" y="' + y + '" width="' + w + '" height="40" rx="4" fill="' + fill + '" stroke="'
        + (set >= 0 ? '#555' : '#bbb') + '"/>'
        + '<text x="' + (x + 4) + '" y="' + (y + 14) + '">' + esc(l.type) + '</text>'
        + '<text x="' + (x + 4) + '" y="' + (y + 30) + '">' + esc(String(l.channels)) + (l.shape.length > 1 ? ' ch' : '') + '</text>';
      if (set >= 0 && kept) {
        const s = r.sets[set];
        out += '<text class="kept" x="' + (x + 2) + '" y="' + (y + 54) + '" font-weight="bold">' + kept[set] + '/' + s.units
          + ' kept</text>';
      }
      out += '<title>' + esc(l.name + ' (' + l.type + '), output ' + l.shape.join('×')
        + (set >= 0 ? ', prunable set ' + model.sets[set].name : '')) + '</title></g>';
    });
    svg.innerHTML = out;
  }

  function esc(s) {
    return s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  }

  // ---- heatmaps: one request in flight, the newest waits; the server skips older ones of this page
  let heatBusy = false;
  let heatPending = false;

  async function heatmaps() {
    if (heatBusy) {
      heatPending = true;
      busy();
      return;
    }
    heatBusy = true;
    busy();
    try {
      do {
        heatPending = false;
        const base = setting();
        base.client = client;
        const calls = [];
        const req = Object.assign({}, base, { images: chosen, seq: ++heatSeq });
        delete req.full;
        calls.push(api('/api/heatmaps', req));
        if (upload) {
          const up = Object.assign({}, base, { image: upload, seq: heatSeq });
          delete up.full;
          calls.push(api('/api/heatmaps', up));
        }
        try {
          const got = await Promise.all(calls);
          if (!got[0].superseded) {
            const maps = got[0].heatmaps.concat(got.length > 1 && !got[1].superseded ? got[1].heatmaps : []);
            drawHeatmaps(maps, got[0]);
            document.body.dataset.heatmaps = String(Number(document.body.dataset.heatmaps) + 1);
          }
        } catch (e) {
          showError(e.message);
        }
      } while (heatPending);
    } finally {
      heatBusy = false;
      busy();
    }
  }

  function paint(canvas, w, h, values, signedMap) {
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    const img = g.createImageData(w, h);
    let lo = Infinity;
    let hi = -Infinity;
    let max = 0;
    values.forEach(v => { lo = Math.min(lo, v); hi = Math.max(hi, v); max = Math.max(max, Math.abs(v)); });
    values.forEach((v, p) => {
      let r, gr, b;
      if (signedMap) { // red positive, blue negative, scaled to the largest |R|
        const t = max > 0 ? v / max : 0;
        r = t > 0 ? 255 : Math.round(255 * (1 + t));
        gr = Math.round(255 * (1 - Math.abs(t)));
        b = t < 0 ? 255 : Math.round(255 * (1 - t));
      } else {
        r = gr = b = hi > lo ? Math.round(255 * (v - lo) / (hi - lo)) : 128;
      }
      img.data.set([r, gr, b, 255], 4 * p);
    });
    g.putImageData(img, 0, 0);
  }

  function drawHeatmaps(maps, r) {
    const box = $('heatmaps');
    box.innerHTML = '';
    maps.forEach((m, k) => {
      const d = document.createElement('div');
      d.className = 'heat';
      d.id = 'heat-' + k;
      const title = m.index >= 0 ? 'test image ' + m.index : 'your image';
      d.innerHTML = '<span>' + esc(title) + ' (class ' + m.label + ')</span><span>before: predicts ' + m.predictedBefore
        + '</span><span>after: predicts ' + m.predictedAfter + '</span>'
        + '<canvas class="input"></canvas><canvas class="before"></canvas><canvas class="after"></canvas>';
      paint(d.querySelector('.input'), m.width, m.height, m.image, false);
      paint(d.querySelector('.before'), m.width, m.height, m.before, true);
      paint(d.querySelector('.after'), m.width, m.height, m.after, true);
      box.appendChild(d);
    });
    $('heat-note').textContent = '(composite ' + r.composite + ', from the explained class\'s logit; red positive, blue '
      + 'negative; ' + r.removed + ' units removed; ' + r.ms + ' ms)';
  }

  async function gallery() {
    const g = await api('/api/images?from=0&count=24');
    const box = $('gallery');
    g.images.forEach(im => {
      const c = document.createElement('canvas');
      c.id = 'thumb-' + im.index;
      c.title = 'test image ' + im.index + ', class ' + im.label;
      paint(c, g.width, g.height, im.image, false);
      c.addEventListener('click', () => {
        chosen = [im.index].concat(chosen.filter(i => i !== im.index)).slice(0, 4);
        markChosen();
        heatmaps();
      });
      box.appendChild(c);
    });
    markChosen();
  }

  function markChosen() {
    document.querySelectorAll('#gallery canvas').forEach(c => {
      c.classList.toggle('chosen', chosen.includes(Number(c.id.slice(6))));
    });
  }

  function readFile(file) {
    if (!file) {
      return;
    }
    const fr = new FileReader();
    fr.onload = () => {
      upload = fr.result;
      heatmaps();
    };
    fr.readAsDataURL(file);
  }

  // ---- curves: started in the background per (composite, n, seed, scope, full), polled as points arrive
  async function curves() {
    const s = setting();
    const criteria = model.curveCriteria.includes(s.criterion) ? model.curveCriteria
      : model.curveCriteria.concat([s.criterion]);
    const key = JSON.stringify([s.composite, s.perClass, s.seed, s.scope, s.full, criteria]);
    if (key === curveKey) {
      return;
    }
    curveKey = key;
    const req = { client: client, perClass: s.perClass, seed: s.seed, scope: s.scope, full: s.full, criteria: criteria };
    if (s.composite) {
      req.composite = s.composite;
    }
    try {
      curveData = await api('/api/curves', req);
      drawCurves();
      pollCurves();
    } catch (e) {
      showError(e.message);
    }
  }

  function pollCurves() {
    clearTimeout(curvePoll);
    if (!curveData || curveData.state !== 'running') {
      return;
    }
    curvePoll = setTimeout(async () => {
      try {
        curveData = await api('/api/curves?client=' + client);
        drawCurves();
      } catch (e) {
        showError(e.message);
      }
      pollCurves();
    }, 700);
  }

  function drawCurves() {
    const svg = $('curves');
    const W = 720, H = 300, x0 = 50, y0 = 20, w = 520, h = 240;
    const X = r => x0 + w * r / 0.95;
    const Y = a => y0 + h * (1 - a / 100);
    let out = '<rect x="' + x0 + '" y="' + y0 + '" width="' + w + '" height="' + h + '" fill="none" stroke="#999"/>';
    for (let a = 0; a <= 100; a += 20) {
      out += '<text x="' + (x0 - 6) + '" y="' + (Y(a) + 4) + '" text-anchor="end">' + a + '</text>'
        + '<line x1="' + x0 + '" x2="' + (x0 + w) + '" y1="' + Y(a) + '" y2="' + Y(a) + '" stroke="#eee"/>';
    }
    for (let r = 0; r <= 0.951; r += 0.1) {
      out += '<text x="' + X(r) + '" y="' + (y0 + h + 16) + '" text-anchor="middle">' + r.toFixed(1) + '</text>';
    }
    out += '<text x="' + (x0 + w / 2) + '" y="' + (H - 4) + '" text-anchor="middle">pruning rate</text>'
      + '<text x="12" y="' + (y0 + h / 2) + '" transform="rotate(-90 12 ' + (y0 + h / 2) + ')" text-anchor="middle">test accuracy %</text>';
    const byCrit = {};
    (curveData ? curveData.points : []).forEach(p => {
      (byCrit[p.criterion] = byCrit[p.criterion] || []).push(p);
    });
    let ly = y0 + 10;
    Object.keys(byCrit).forEach((c, k) => {
      const color = COLORS[c] || ['#9467bd', '#8c564b', '#e377c2'][k % 3];
      const pts = byCrit[c].filter(p => p.accuracy !== null).sort((a, b) => a.rate - b.rate);
      out += '<polyline class="curve" data-criterion="' + esc(c) + '" fill="none" stroke="' + color + '" stroke-width="2" points="'
        + pts.map(p => X(p.rate) + ',' + Y(p.accuracy)).join(' ') + '"/>';
      pts.forEach(p => {
        out += '<circle cx="' + X(p.rate) + '" cy="' + Y(p.accuracy) + '" r="2.5" fill="' + color + '"><title>' + esc(c)
          + ' at ' + p.rate + ': ' + p.accuracy.toFixed(2) + ' %</title></circle>';
      });
      out += '<line x1="' + (x0 + w + 16) + '" x2="' + (x0 + w + 36) + '" y1="' + ly + '" y2="' + ly + '" stroke="' + color
        + '" stroke-width="2"/><text x="' + (x0 + w + 40) + '" y="' + (ly + 4) + '">' + esc(c) + '</text>';
      ly += 18;
    });
    if (last && last.setting.rate !== null && last.test.accuracy !== null) {
      const r = Number(last.setting.rate);
      out += '<line id="current" x1="' + X(r) + '" x2="' + X(r) + '" y1="' + y0 + '" y2="' + (y0 + h)
        + '" stroke="#000" stroke-dasharray="3 3"/><circle cx="' + X(r) + '" cy="' + Y(last.test.accuracy)
        + '" r="5" fill="none" stroke="#000" stroke-width="2"><title>current setting</title></circle>';
    }
    svg.innerHTML = out;
    const state = curveData ? curveData.state : 'none';
    const n = curveData ? curveData.points.length : 0;
    $('curve-state').textContent = state === 'none' ? '' : '(' + n + ' of ' + curveData.expected + ' points, ' + state
      + (curveData.error ? ': ' + curveData.error : '') + '; ' + (curveData.full ? 'full test set' : 'test subset') + ')';
  }

  // ---- setup
  function amountControl() {
    const a = $('amount');
    if ($('mode').value === 'rate') {
      a.min = '0'; a.max = '0.95'; a.step = '0.01';
      if (Number(a.value) >= 1) { a.value = '0.3'; }
      $('scope').disabled = false;
    } else {
      a.min = '0'; a.max = String(model.units - 1); a.step = '1';
      a.value = String(Math.round(0.3 * model.units));
      $('scope').value = 'global';
      $('scope').disabled = true;
    }
  }

  async function init() {
    try {
      model = await api('/api/model');
    } catch (e) {
      showError(e.message);
      return;
    }
    $('model-label').textContent = model.label;
    $('model-summary').textContent = 'input ' + model.input.join('×') + ', ' + model.classes + ' classes, '
      + model.layers.length + (model.graph ? ' graph nodes' : ' layers') + ', ' + model.sets.length
      + (model.graph ? ' prunable channel groups' : ' prunable layers') + ' with ' + fmt(model.units) + ' units, '
      + fmt(model.parameters) + ' parameters, ' + fmt(model.macs) + ' MACs per sample; ' + fmt(model.test)
      + ' test images (' + fmt(model.subset) + ' by default), references drawn from ' + fmt(model.train) + '.';
    $('drop-size').textContent = model.input.slice(1).reverse().join('×') + (model.input[0] === 1 ? ' grey' : ' RGB');
    model.criteria.forEach(c => $('criterion').add(new Option(c, c)));
    model.composites.forEach(c => $('composite').add(new Option(c, c)));
    $('criterion').value = model.defaults.criterion;
    $('composite').value = model.defaults.composite;
    $('perClass').value = model.defaults.perClass;
    $('seed').value = model.defaults.seed;
    $('amount').value = String(model.defaults.rate);
    drawDiagram(null);
    drawCurves();
    ['criterion', 'composite', 'scope', 'full'].forEach(id => $(id).addEventListener('change', evaluate));
    ['perClass', 'seed'].forEach(id => $(id).addEventListener('change', evaluate));
    $('mode').addEventListener('change', () => { amountControl(); evaluate(); });
    $('amount').addEventListener('input', evaluate);
    const drop = $('drop');
    drop.addEventListener('dragover', ev => { ev.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', ev => {
      ev.preventDefault();
      drop.classList.remove('over');
      readFile(ev.dataTransfer.files[0]);
    });
    $('file').addEventListener('change', ev => readFile(ev.target.files[0]));
    gallery().catch(e => showError(e.message));
    evaluate();
  }

  init();
})();
