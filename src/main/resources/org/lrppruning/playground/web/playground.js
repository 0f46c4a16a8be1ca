// The playground page: reads its state from the URL hash, asks the JSON API (/api/...) for everything
// it shows and draws it on canvases. No libraries, no build step.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  // The example setting; the URL hash overrides any of it.
  const state = {
    dataset: 'moon', model: 'paper', criterion: 'lrp', samples: 5, seed: 1, sigma: 0.3, prune: 1000,
    grid: null, colormap: 'Accent', show: 'train', points: [], addClass: 0, sort: false, smooth: true,
  };
  const HASH_KEYS = ['dataset', 'model', 'criterion', 'samples', 'seed', 'sigma', 'prune', 'grid', 'colormap', 'show'];
  const GRID_CHOICES = [20, 40, 60, 100, 150, 200];
  // matplotlib's viridis at five stops, interpolated: the strips' score colours
  const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

  let options = null;        // GET /api/options
  let modelList = [];        // GET /api/models for the current data set
  const training = {};       // data set -> GET /api/data
  let last = null;           // the last POST /api/run answer shown
  let inflight = false;      // one run at a time; changes meanwhile send the latest state afterwards
  let pending = false;
  let pollTimer = null;

  async function api(path, body) {
    const init = body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    };
    const response = await fetch(path, init);
    let data;
    try {
      data = await response.json();
    } catch (e) {
      data = { error: 'unreadable answer (HTTP ' + response.status + ')' };
    }
    if (!response.ok) {
      const err = new Error(data.error || ('HTTP ' + response.status));
      err.status = response.status;
      throw err;
    }
    return data;
  }

  function showError(message) {
    const box = $('error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  // ---------------------------------------------------------------- state <-> URL and controls

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const text = (k) => params.get(k);
    const num = (k, lo, hi, integer) => {
      const v = Number(params.get(k));
      if (params.get(k) === null || params.get(k) === '' || !Number.isFinite(v)) return undefined;
      if (integer && !Number.isInteger(v)) return undefined;
      return v >= lo && v <= hi ? v : undefined;
    };
    const lim = options.limits;
    const pick = (k, valid) => (valid.includes(text(k)) ? text(k) : undefined);
    const set = (k, v) => { if (v !== undefined) state[k] = v; };
    set('dataset', pick('dataset', options.datasets.map((d) => d.id)));
    set('model', text('model') || undefined);
    set('criterion', pick('criterion', options.criteria));
    set('samples', num('samples', lim.samples[0], lim.samples[1], true));
    set('seed', num('seed', lim.seed[0], lim.seed[1], true));
    set('sigma', num('sigma', lim.sigma[0], lim.sigma[1], false));
    set('prune', num('prune', 0, 1e9, true));
    set('grid', num('grid', lim.grid[0], lim.grid[1], true));
    set('colormap', pick('colormap', Object.keys(options.colormaps)));
    set('show', pick('show', ['train', 'reference', 'test']));
    if (params.get('points')) {
      const k = classes();
      const pts = [];
      for (const part of params.get('points').split(';')) {
        const [x, y, c] = part.split(',').map(Number);
        if ([x, y].every((v) => Number.isFinite(v) && Math.abs(v) <= lim.coordinate) && Number.isInteger(c)
            && c >= 0 && c < k && pts.length < lim.points) {
          pts.push([x, y, c]);
        }
      }
      state.points = pts;
    }
  }

  function hashOf() {
    const params = new URLSearchParams();
    for (const k of HASH_KEYS) params.set(k, String(state[k]));
    if (state.points.length) params.set('points', state.points.map((p) => p.join(',')).join(';'));
    return '#' + params.toString().replace(/%2C/g, ',').replace(/%3B/g, ';');
  }

  function writeHash() {
    const hash = hashOf();
    if (location.hash !== hash) history.replaceState(null, '', hash);
    const link = $('link');
    link.href = location.href;
    link.textContent = location.href;
  }

  function fillSelect(select, items, value) {
    select.replaceChildren(...items.map(([v, label]) => {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = label;
      return o;
    }));
    if (value !== undefined) select.value = String(value);
  }

  function classes() {
    return options.datasets.find((d) => d.id === state.dataset).classes;
  }

  function palette() {
    return options.colormaps[state.colormap][String(classes())];
  }

  function syncControls() {
    $('dataset').value = state.dataset;
    $('criterion').value = state.criterion;
    $('samples').value = state.samples;
    $('seed').value = state.seed;
    $('sigma').value = state.sigma;
    $('prune').value = state.prune;
    $('prune-out').textContent = state.prune + ' of ' + (Number($('prune').max) + 1);
    $('grid').value = String(state.grid);
    $('colormap').value = state.colormap;
    $('sort').checked = state.sort;
    $('smooth').checked = state.smooth;
    for (const r of document.querySelectorAll('input[name=show]')) r.checked = r.value === state.show;
    drawClassButtons();
    $('added').textContent = state.points.length ? state.points.length + ' added' : '';
  }

  function drawClassButtons() {
    const colors = palette().scatter;
    const box = $('classes');
    box.replaceChildren();
    for (let c = 0; c < classes(); c++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = String(c);
      b.title = 'add points of class ' + c;
      b.style.background = colors[c];
      b.className = c === state.addClass ? 'selected' : '';
      b.addEventListener('click', () => { state.addClass = c; drawClassButtons(); });
      box.appendChild(b);
    }
  }

  // ---------------------------------------------------------------- models and training

  function currentModel() {
    return modelList.find((m) => m.id === state.model);
  }

  async function loadDataset() {
    if (state.addClass >= classes()) state.addClass = 0;
    const [list] = await Promise.all([
      api('/api/models?dataset=' + state.dataset),
      training[state.dataset] ? Promise.resolve() : api('/api/data?dataset=' + state.dataset)
        .then((d) => { training[state.dataset] = d; }),
    ]);
    modelList = list.models;
    if (!currentModel()) state.model = modelList[0].id;
    fillSelect($('model'), modelList.map((m) => [m.id, m.label]), state.model);
    await ensureModel();
  }

  function showModelStatus(m) {
    const box = $('model-status');
    const text = $('model-status-text');
    const bar = $('train-progress');
    box.classList.toggle('failed', m.state === 'failed' || (m.state === 'missing' && !m.trainable));
    if (m.state === 'ready') {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    bar.hidden = !(m.state === 'training' || m.state === 'queued');
    if (m.state === 'training') {
      bar.max = m.maxEpochs;
      bar.value = m.epoch;
      text.textContent = 'Training ' + state.dataset + ' / ' + m.id + ': epoch ' + m.epoch + ' of at most '
        + m.maxEpochs + (m.accuracy === null ? '' : ', train accuracy ' + m.accuracy.toFixed(2) + ' %');
    } else if (m.state === 'queued') {
      bar.removeAttribute('value');
      text.textContent = 'Waiting to train ' + state.dataset + ' / ' + m.id + ' ...';
    } else {
      text.textContent = m.id + ': ' + m.state + (m.message ? ' (' + m.message + ')' : '');
    }
  }

  async function ensureModel() {
    clearTimeout(pollTimer);
    let m = currentModel();
    if (m.state === 'missing' && m.trainable) {
      m = await api('/api/train', { dataset: state.dataset, model: state.model });
      modelList = modelList.map((x) => (x.id === m.id ? m : x));
    }
    showModelStatus(m);
    if (m.state === 'ready') {
      const total = m.hidden.reduce((a, b) => a + b, 0);
      $('prune').max = String(Math.max(0, total - 1));
      state.prune = Math.min(state.prune, Math.max(0, total - 1));
      syncControls();
      schedule();
    } else if (m.state === 'training' || m.state === 'queued') {
      const dataset = state.dataset;
      pollTimer = setTimeout(async () => {
        if (dataset !== state.dataset) return;
        try {
          modelList = (await api('/api/models?dataset=' + dataset)).models;
          if (dataset === state.dataset) await ensureModel();
        } catch (e) {
          showError(e.message);
        }
      }, 500);
    }
  }

  // ---------------------------------------------------------------- runs

  function request() {
    return {
      dataset: state.dataset, model: state.model, criterion: state.criterion, samples: state.samples,
      seed: state.seed, sigma: state.sigma, prune: state.prune, grid: state.grid, points: state.points,
      colormap: state.colormap,
    };
  }

  function schedule() {
    writeHash();
    const m = currentModel();
    if (!m || m.state !== 'ready') return;
    if (inflight) {
      pending = true;
      return;
    }
    send();
  }

  async function send() {
    inflight = true;
    pending = false;
    document.body.dataset.busy = '1';
    const started = performance.now();
    try {
      const res = await api('/api/run', request());
      showError('');
      last = res;
      render(res, performance.now() - started);
    } catch (e) {
      showError(e.message);
    } finally {
      inflight = false;
      if (pending) send(); else document.body.dataset.busy = '0';
    }
  }

  // ---------------------------------------------------------------- drawing

  function regionImage(labels, grid, colors, alpha) {
    const img = new ImageData(grid.nx, grid.ny);
    const rgb = colors.map((hex) => [1, 3, 5].map((i) => parseInt(hex.substr(i, 2), 16)));
    // the colour at the region alpha over white, as the figures draw it
    const blend = rgb.map((c) => c.map((v) => Math.round(alpha * v + (1 - alpha) * 255)));
    for (let j = 0; j < grid.ny; j++) {
      const row = grid.ny - 1 - j; // labels run from the lowest y up, images from the top down
      for (let i = 0; i < grid.nx; i++) {
        const c = blend[labels.charCodeAt(j * grid.nx + i) - 48] || [255, 255, 255];
        const o = 4 * (row * grid.nx + i);
        img.data[o] = c[0];
        img.data[o + 1] = c[1];
        img.data[o + 2] = c[2];
        img.data[o + 3] = 255;
      }
    }
    return img;
  }

  // The regions at pixel resolution, as a filled contour plot draws them: each pixel takes the class
  // whose indicator, interpolated bilinearly between the four nearest grid points, is largest.
  // Where the four agree this is their label; edges run between grid points instead of around cells.
  function smoothImage(labels, grid, colors, alpha, width, height) {
    const img = new ImageData(width, height);
    const blend = colors.map((hex) => [1, 3, 5].map((i) => parseInt(hex.substr(i, 2), 16)))
      .map((c) => c.map((v) => Math.round(alpha * v + (1 - alpha) * 255)));
    const k = colors.length;
    const weight = new Float64Array(k);
    const at = (i, j) => labels.charCodeAt(j * grid.nx + i) - 48;
    for (let py = 0; py < height; py++) {
      // pixel centre in grid units: cell i spans [i - 1/2, i + 1/2]; rows run from the lowest y up
      const v = Math.min(grid.ny - 1, Math.max(0, (height - py - 0.5) / height * grid.ny - 0.5));
      const j0 = Math.min(grid.ny - 2, Math.floor(v));
      const fy = grid.ny > 1 ? v - j0 : 0;
      for (let px = 0; px < width; px++) {
        const u = Math.min(grid.nx - 1, Math.max(0, (px + 0.5) / width * grid.nx - 0.5));
        const i0 = Math.min(grid.nx - 2, Math.floor(u));
        const fx = grid.nx > 1 ? u - i0 : 0;
        let best;
        if (grid.nx < 2 || grid.ny < 2) {
          best = at(Math.round(u), Math.round(v));
        } else {
          const a = at(i0, j0);
          const b = at(i0 + 1, j0);
          const c = at(i0, j0 + 1);
          const d = at(i0 + 1, j0 + 1);
          if (a === b && a === c && a === d) {
            best = a;
          } else {
            weight.fill(0);
            weight[a] += (1 - fx) * (1 - fy);
            weight[b] += fx * (1 - fy);
            weight[c] += (1 - fx) * fy;
            weight[d] += fx * fy;
            best = 0;
            for (let q = 1; q < k; q++) if (weight[q] > weight[best]) best = q;
          }
        }
        const col = blend[best] || [255, 255, 255];
        const o = 4 * (py * width + px);
        img.data[o] = col[0];
        img.data[o + 1] = col[1];
        img.data[o + 2] = col[2];
        img.data[o + 3] = 255;
      }
    }
    return img;
  }

  // data coordinates <-> canvas pixels (CSS pixels): grid cell i spans x0 + (i -+ 1/2) * spacing
  function frame(grid, width) {
    const left = grid.x0 - grid.spacing / 2;
    const bottom = grid.y0 - grid.spacing / 2;
    const w = grid.nx * grid.spacing;
    const h = grid.ny * grid.spacing;
    const height = width * h / w;
    return {
      width, height,
      px: (x) => (x - left) / w * width,
      py: (y) => height - (y - bottom) / h * height,
      x: (px) => left + px / width * w,
      y: (py) => bottom + (height - py) / height * h,
    };
  }

  function drawPlot(canvas, labels, res) {
    const grid = res.grid;
    const width = canvas.clientWidth || 400;
    const f = frame(grid, width);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(f.width * dpr);
    canvas.height = Math.round(f.height * dpr);
    canvas.style.height = f.height + 'px';
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const colors = palette();
    if (state.smooth) {
      ctx.putImageData(smoothImage(labels, grid, colors.region, options.regionAlpha, canvas.width, canvas.height), 0, 0);
    } else {
      const off = document.createElement('canvas');
      off.width = grid.nx;
      off.height = grid.ny;
      off.getContext('2d').putImageData(regionImage(labels, grid, colors.region, options.regionAlpha), 0, 0);
      ctx.imageSmoothingEnabled = false; // one block per grid cell, as in the study's figures
      ctx.drawImage(off, 0, 0, f.width, f.height);
    }

    const dot = (x, y, r, fill, stroke) => {
      ctx.beginPath();
      ctx.arc(f.px(x), f.py(y), r, 0, 2 * Math.PI);
      ctx.fillStyle = fill;
      ctx.fill();
      if (stroke) {
        ctx.lineWidth = 1;
        ctx.strokeStyle = stroke;
        ctx.stroke();
      }
    };
    const drawSet = (set, r, stroke) => {
      for (let i = 0; i < set.labels.length; i++) {
        dot(set.x[2 * i], set.x[2 * i + 1], r, colors.scatter[set.labels[i]], stroke);
      }
    };
    const added = res.added;
    const refCount = res.reference.labels.length - added;
    if (state.show === 'train' && training[res.request.dataset]) {
      drawSet(training[res.request.dataset].train, 1.6, null);
    } else if (state.show === 'test') {
      drawSet(res.test, 2.6, null);
    } else if (state.show === 'reference') {
      const ref = { x: res.reference.x.slice(0, 2 * refCount), labels: res.reference.labels.slice(0, refCount) };
      drawSet(ref, 4.5, '#000');
    }
    // the added points always show: white ring, black outline
    for (let i = refCount; i < res.reference.labels.length; i++) {
      dot(res.reference.x[2 * i], res.reference.x[2 * i + 1], 6.5, '#fff', '#000');
      dot(res.reference.x[2 * i], res.reference.x[2 * i + 1], 4.5, colors.scatter[res.reference.labels[i]], null);
    }
  }

  function viridis(t) {
    const s = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(s));
    const u = s - i;
    const c = VIRIDIS[i].map((v, k) => Math.round(v + u * (VIRIDIS[i + 1][k] - v)));
    return 'rgb(' + c.join(',') + ')';
  }

  function drawStrips(res) {
    const box = $('strips');
    const total = res.sizes.reduce((a, b) => a + b, 0);
    if (box.children.length !== res.sizes.length) {
      box.replaceChildren(...res.sizes.map((n, h) => {
        const row = document.createElement('div');
        row.className = 'strip';
        const label = document.createElement('span');
        label.textContent = 'layer ' + (h + 1);
        const c = document.createElement('canvas');
        c.id = 'strip-' + h;
        c.dataset.layer = String(h);
        c.addEventListener('mousemove', (e) => hoverStrip(e, c));
        c.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
        row.append(label, c);
        return row;
      }));
    }
    res.sizes.forEach((n, h) => {
      const c = $('strip-' + h);
      const width = c.clientWidth || 800;
      const height = 30;
      const dpr = window.devicePixelRatio || 1;
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      const ctx = c.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const scores = res.scores[h];
      const finite = scores.filter((v) => v !== null);
      const lo = Math.min(...finite);
      const hi = Math.max(...finite);
      const order = stripOrder(res, h);
      const cell = width / n;
      for (let p = 0; p < n; p++) {
        const j = order[p];
        const s = scores[j];
        const pruned = res.ranks[h][j] < res.request.prune;
        if (pruned) {
          ctx.fillStyle = '#dddddd';
        } else {
          ctx.fillStyle = s === null ? '#999' : viridis(hi > lo ? (s - lo) / (hi - lo) : 0.5);
        }
        ctx.fillRect(p * cell, 0, Math.max(cell, 1), 22);
        if (pruned) {
          ctx.fillStyle = '#c0392b';
          ctx.fillRect(p * cell, 24, Math.max(cell, 1), 6);
        }
      }
      c.title = '';
      c.dataset.total = String(total);
    });
  }

  function stripOrder(res, h) {
    const n = res.sizes[h];
    const order = Array.from({ length: n }, (_, j) => j);
    if (state.sort) order.sort((a, b) => res.ranks[h][a] - res.ranks[h][b]);
    return order;
  }

  function hoverStrip(e, canvas) {
    if (!last) return;
    const h = Number(canvas.dataset.layer);
    const n = last.sizes[h];
    const rect = canvas.getBoundingClientRect();
    const p = Math.min(n - 1, Math.max(0, Math.floor((e.clientX - rect.left) / rect.width * n)));
    const j = stripOrder(last, h)[p];
    const rank = last.ranks[h][j];
    const score = last.scores[h][j];
    const total = last.sizes.reduce((a, b) => a + b, 0);
    const tip = $('tooltip');
    tip.textContent = 'layer ' + (h + 1) + ', neuron ' + j + ': score ' + formatScore(score) + ', rank '
      + (rank + 1) + ' of ' + total + ' (1 = lowest, pruned first); ' + (rank < last.request.prune ? 'pruned' : 'kept');
    tip.hidden = false;
    tip.style.left = (e.clientX + 12) + 'px';
    tip.style.top = (e.clientY + 12) + 'px';
  }

  function formatScore(s) {
    if (s === null) return 'NaN';
    if (s === 0) return '0';
    return Math.abs(s) < 1e-3 || Math.abs(s) >= 1e4 ? s.toExponential(3) : s.toPrecision(4);
  }

  function pct(v) {
    return v === null ? 'n/a' : v.toFixed(2) + ' %';
  }

  function delta(cell, pre, post) {
    const d = post - pre;
    cell.textContent = (d > 0 ? '+' : '') + d.toFixed(2);
    cell.className = d < 0 ? 'down' : '';
  }

  function render(res, clientMs) {
    const a = res.accuracy;
    drawPlot($('plot-pre'), res.grids.pre, res);
    drawPlot($('plot-post'), res.grids.post, res);
    const total = res.sizes.reduce((x, y) => x + y, 0);
    $('title-pre').textContent = '(' + total + ' neurons)';
    $('title-post').textContent = '(' + res.request.prune + ' of ' + total + ' pruned with ' + res.request.criterion + ')';
    $('acc-train-pre').textContent = pct(a.train.pre);
    $('acc-train-post').textContent = pct(a.train.post);
    delta($('acc-train-delta'), a.train.pre, a.train.post);
    $('acc-test-pre').textContent = pct(a.test.pre);
    $('acc-test-post').textContent = pct(a.test.post);
    delta($('acc-test-delta'), a.test.pre, a.test.post);
    $('test-name').textContent = res.noisyTest ? 'noisy test set (σ ' + res.request.sigma + ')' : 'test = reference samples';
    const kept = $('kept');
    kept.replaceChildren();
    res.kept.forEach((k, h) => {
      const name = document.createElement('span');
      name.textContent = 'layer ' + (h + 1) + ' kept';
      const bar = document.createElement('div');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = (100 * k / res.sizes[h]) + '%';
      bar.appendChild(fill);
      const count = document.createElement('span');
      count.className = 'kept-count';
      count.textContent = k + ' of ' + res.sizes[h];
      kept.append(name, bar, count);
    });
    drawStrips(res);
    $('cli').textContent = res.cli;
    $('cli-note').textContent = res.cliComplete ? ''
      : '(without the ' + res.added + ' added points: the command line has no option for them)';
    $('timing').textContent = res.experiment + ': answered in ' + Math.round(clientMs) + ' ms (computed in '
      + res.ms + ' ms)';
    document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
  }

  // ---------------------------------------------------------------- events

  function plotEvents(canvas) {
    const toData = (e) => {
      const rect = canvas.getBoundingClientRect();
      const f = frame(last.grid, rect.width);
      return [f.x(e.clientX - rect.left), f.y(e.clientY - rect.top)];
    };
    canvas.addEventListener('mousemove', (e) => {
      if (!last) return;
      const [x, y] = toData(e);
      $('readout').textContent = 'x ' + x.toFixed(3) + ', y ' + y.toFixed(3) + ' - click adds a reference point of class '
        + state.addClass;
    });
    canvas.addEventListener('click', (e) => {
      if (!last || state.points.length >= options.limits.points) return;
      const [x, y] = toData(e).map((v) => Math.round(v * 1000) / 1000);
      state.points.push([x, y, state.addClass]);
      syncControls();
      schedule();
    });
  }

  function numberInput(id, key, integer) {
    const input = $(id);
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (input.value === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || !input.checkValidity()) {
        showError(id + ': ' + (input.validationMessage || 'not a valid number'));
        return;
      }
      state[key] = v;
      schedule();
    });
  }

  function bind() {
    $('dataset').addEventListener('change', async () => {
      state.dataset = $('dataset').value;
      state.points = [];
      syncControls();
      try {
        await loadDataset();
      } catch (e) {
        showError(e.message);
      }
    });
    $('model').addEventListener('change', async () => {
      state.model = $('model').value;
      try {
        await ensureModel();
      } catch (e) {
        showError(e.message);
      }
    });
    $('criterion').addEventListener('change', () => { state.criterion = $('criterion').value; schedule(); });
    numberInput('samples', 'samples', true);
    numberInput('seed', 'seed', true);
    numberInput('sigma', 'sigma', false);
    $('prune').addEventListener('input', () => {
      state.prune = Number($('prune').value);
      $('prune-out').textContent = state.prune + ' of ' + (Number($('prune').max) + 1);
      schedule();
    });
    for (const r of document.querySelectorAll('input[name=show]')) {
      r.addEventListener('change', () => { state.show = r.value; writeHash(); if (last) render(last, 0); });
    }
    $('undo').addEventListener('click', () => { state.points.pop(); syncControls(); schedule(); });
    $('clear').addEventListener('click', () => { state.points = []; syncControls(); schedule(); });
    $('grid').addEventListener('change', () => { state.grid = Number($('grid').value); schedule(); });
    $('colormap').addEventListener('change', () => {
      state.colormap = $('colormap').value;
      syncControls();
      schedule();
    });
    $('sort').addEventListener('change', () => { state.sort = $('sort').checked; if (last) drawStrips(last); });
    $('smooth').addEventListener('change', () => { state.smooth = $('smooth').checked; if (last) render(last, 0); });
    $('copy').addEventListener('click', () => {
      if (navigator.clipboard) navigator.clipboard.writeText($('cli').textContent).catch(() => {});
    });
    plotEvents($('plot-pre'));
    plotEvents($('plot-post'));
    window.addEventListener('resize', () => { if (last) render(last, 0); });
    window.addEventListener('hashchange', async () => {
      if (location.hash === hashOf()) return;
      const before = state.dataset;
      readHash();
      syncControls();
      try {
        if (before !== state.dataset) await loadDataset(); else await ensureModel();
      } catch (e) {
        showError(e.message);
      }
    });
  }

  async function init() {
    try {
      options = await api('/api/options');
      const lim = options.limits;
      fillSelect($('dataset'), options.datasets.map((d) => [d.id, d.label]));
      fillSelect($('criterion'), options.criteria.map((c) => [c, c]));
      fillSelect($('colormap'), Object.keys(options.colormaps).map((c) => [c, c
        + (c === options.studyColormap ? ' (the study\'s figures)' : '')]));
      const grids = GRID_CHOICES.filter((g) => g >= lim.grid[0] && g <= lim.grid[1]);
      fillSelect($('grid'), grids.map((g) => [g, String(g)]));
      $('samples').min = lim.samples[0];
      $('samples').max = lim.samples[1];
      $('seed').max = lim.seed[1];
      $('sigma').max = lim.sigma[1];
      state.grid = options.defaults.grid;
      readHash();
      if (!grids.includes(state.grid)) {
        grids.push(state.grid);
        fillSelect($('grid'), grids.sort((a, b) => a - b).map((g) => [g, String(g)]));
      }
      syncControls();
      bind();
      await loadDataset();
    } catch (e) {
      showError(e.message);
    }
  }

  init();
})();
