// The playground page: settings are `backprop train` options, kept in the link; Backprop's engine, compiled to
// WebAssembly, trains in a Web Worker (worker.js) and sends frames to draw.
'use strict';

const $ = id => document.getElementById(id);
const state = { catalog: null, options: {}, patience: 0, speed: 30, frame: null, points: null, shapeKey: '', frames: 0, epochAtCount: 0,
  rejected: null, said: '' };
const ORANGE = [245, 147, 34], BLUE = [8, 119, 189], WHITE = [232, 234, 235];
const PALETTE = [[245, 147, 34], [8, 119, 189], [46, 160, 67], [200, 50, 120], [130, 90, 200], [120, 120, 120], [220, 200, 40], [40, 190, 190]];

// ───── Talking to the engine in the worker ─────

const worker = new Worker('worker.js', { type: 'module' });
const waiting = new Map();
let nextCall = 0;

// Calls the engine: worker.js's calls, which answer with a result or a one-line error.
function engine(call, ...args) {
  const id = nextCall++;
  return new Promise((resolve, reject) => { waiting.set(id, { resolve, reject }); worker.postMessage({ id, call, args }); });
}

async function json(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// What the page says: the run's own error, else a refused setting's (it stays until that setting is fixed), else the
// last failed action's (until the next action).
function message() { return (state.frame && state.frame.error) || (state.rejected && state.rejected.message) || state.said; }
function showError(e) { state.said = e ? (e.message || String(e)) : ''; $('error').textContent = message(); }

// What the engine accepted becomes the page's settings and its link: the link holds only accepted values.
function adopt(frame) {
  state.options = { ...frame.options };
  state.patience = frame.patience;
  writeLink();
  render(frame);
}

// A setting the engine refused: its message stays, and its field keeps the refused value, until that setting (field:
// the input's id; null for the whole link) is given a value the engine accepts.
function reject(e, field) { state.rejected = { field, message: e.message || String(e) }; showError(null); }
function accept(frame, field) {
  if (state.rejected && (state.rejected.field === field || state.rejected.field === null)) state.rejected = null;
  adopt(frame);
}

// A new run from the options (the reset button, a new link). A link the engine refuses says why; the page then shows
// the run the engine has (its first settings), and the link says so.
async function setup(options = state.options, patience = state.patience) {
  showError(null);
  try {
    accept(await engine('setup', options, patience), null);
  } catch (e) {
    reject(new Error(`The link's settings were refused: ${e.message} The page shows its first settings instead.`), null);
    adopt(await engine('frame'));
  }
  await loadPoints();
}

// Changed options: the run goes on when only a live setting changed (learning rate, regularisation rate), else starts anew.
async function change(options, patience, field) {
  showError(null);
  try {
    const frame = await engine('change', options, patience);
    accept(frame, field);
    if (!frame.continued) await loadPoints();
  } catch (e) { reject(e, field); }
}

async function loadPoints() { state.points = await engine('points'); drawPoints(); }

async function control(action) {
  try { showError(null); render(await engine('control', action)); } catch (e) { showError(e); }
}

// ───── The link: every option, the seed, the speed, early stopping and the drawing's two boxes ─────

// The page's own settings in the link beside the options: how it plays and how it draws (no run depends on them).
const DRAWING = ['show-test', 'discretize'];

function readLink() {
  const params = new URLSearchParams(location.search);
  state.options = { ...state.catalog.defaults };
  for (const [key, value] of params) {
    if (key === 'patience') state.patience = Number(value) || 0;
    else if (key === 'speed') state.speed = Number(value);
    else if (DRAWING.includes(key)) $(key).checked = value === '1';
    else state.options[key] = value;
  }
  if (params.has('speed') === false) state.speed = state.catalog.speed;
}

function writeLink() {
  const params = new URLSearchParams(state.options);
  if (state.patience) params.set('patience', state.patience);
  params.set('speed', state.speed);
  for (const key of DRAWING) if ($(key).checked) params.set(key, '1');
  history.replaceState(null, '', '?' + params.toString());
}

// One option set (or removed, when empty) from the field with id `field`.
function setOption(key, value, field = key) {
  const options = { ...state.options };
  if (value === null || value === undefined || value === '') delete options[key];
  else options[key] = String(value);
  change(options, state.patience, field);
}

// ───── Menus from the registries ─────

function fillSelect(select, entries, withDefault) {
  select.innerHTML = '';
  if (withDefault) select.append(new Option(withDefault, ''));
  for (const e of entries) { const o = new Option(e.name, e.name); o.title = e.description || ''; select.append(o); }
}

function buildMenus() {
  const c = state.catalog;
  fillSelect($('activation'), c.activations.filter(a => a.hidden));   // the library says which work between hidden layers
  fillSelect($('optimizer'), c.optimizers);
  fillSelect($('batch-mode'), c.batchModes);
  fillSelect($('init'), c.initializers, 'suited to the activation');
  fillSelect($('loss'), c.losses, 'from the data');
  const box = $('datasets');
  const group = (title, names) => {
    const label = document.createElement('div'); label.className = 'group'; label.textContent = title; box.append(label);
    for (const name of names) {
      const b = document.createElement('button'); b.textContent = name; b.dataset.set = name;
      b.onclick = () => { const o = { ...state.options, data: name }; delete o.samples; change(o, state.patience, 'data'); };
      box.append(b);
    }
  };
  group('classification', c.classification);
  group('regression', c.regression);
  group('more', c.other);
  for (const f of c.features) {
    const b = document.createElement('button'); b.textContent = f.label; b.title = f.description; b.dataset.feature = f.name;
    b.onclick = () => {
      const on = (state.options.features || 'x1,x2').split(',');
      const next = on.includes(f.name) ? on.filter(n => n !== f.name) : c.features.map(x => x.name).filter(n => n === f.name || on.includes(n));
      if (next.length) setOption('features', next.join(','));
    };
    $('features').append(b);
  }
  // The lessons' pages are files of the site, rendered when it was exported (or by 'backprop playground' on first use).
  json('lessons/index.json').then(list => {
    for (const l of list) {
      const b = document.createElement('button'); b.textContent = l.name; b.title = l.summary; b.dataset.lesson = l.name;
      b.onclick = () => openLesson(l.name); $('lesson-list').append(b);
    }
  }, e => $('lesson-list').append(errorLine(e)));
}

function bindControls() {
  $('play').onclick = () => control(state.frame && state.frame.status === 'playing' ? 'pause' : 'play');
  $('step-epoch').onclick = () => control('epoch');
  $('step-batch').onclick = () => control('batch');
  $('reset').onclick = () => setup();
  $('regenerate').onclick = () => setOption('seed', Math.floor(Math.random() * 100000));
  $('learning-rate').onchange = e => setOption('learning-rate', e.target.value);
  $('activation').onchange = e => setOption('activation', e.target.value);
  $('optimizer').onchange = e => { delete state.options['learning-rate']; setOption('optimizer', e.target.value); };
  $('momentum').onchange = e => setOption('momentum', e.target.value);
  $('batch-mode').onchange = e => setOption('batch-mode', e.target.value);
  $('init').onchange = e => setOption('init', e.target.value);
  $('loss').onchange = e => setOption('loss', e.target.value);
  $('type').onchange = e => setOption('type', e.target.value);
  $('seed').onchange = e => setOption('seed', e.target.value);
  $('stop-epoch').onchange = e => setOption('epochs', e.target.value === '0' ? null : e.target.value, 'stop-epoch');
  $('target-loss').onchange = e => setOption('target-loss', e.target.value);
  $('patience').onchange = e => change(state.options, e.target.value === '' ? 0 : Number(e.target.value), 'patience');
  $('speed').onchange = async e => { state.speed = Number(e.target.value); writeLink(); render(await engine('speed', state.speed)); };
  $('regularisation').onchange = $('regularisation-rate').onchange = () => {
    const kind = $('regularisation').value, rate = $('regularisation-rate').value || '0', o = { ...state.options };
    state.regularisation = kind;   // the kind chosen stays shown while its rate is 0 (no option says it) and before the engine answers
    delete o.l1; delete o['weight-decay'];
    if (kind === 'l1') o.l1 = rate;
    if (kind === 'l2') o['weight-decay'] = rate;
    change(o, state.patience, 'regularisation-rate');
  };
  $('problem').onchange = e => {
    const sets = e.target.value === 'regression' ? state.catalog.regression : state.catalog.classification;
    const o = { ...state.options, data: sets[0] };
    delete o.loss; change(o, state.patience, 'data');
  };
  $('ratio').oninput = e => { $('ratio-value').textContent = e.target.value + '%'; };
  $('ratio').onchange = e => setOption('validation-split', ((100 - Number(e.target.value)) / 100).toFixed(2), 'ratio');
  $('noise').oninput = e => { $('noise-value').textContent = e.target.value; };
  $('noise').onchange = e => setOption('noise', Number(e.target.value) / 100);
  $('batch-size').oninput = e => { $('batch-size-value').textContent = e.target.value; };
  $('batch-size').onchange = e => setOption('batch-size', e.target.value);
  $('add-layer').onclick = () => editLayers(l => l.length < 6 ? [...l, 2] : l);
  $('remove-layer').onclick = () => editLayers(l => l.slice(0, -1));
  // The two drawing boxes change only the drawing (and the link), never the run.
  $('show-test').onchange = () => { writeLink(); drawPoints(); };
  $('discretize').onchange = () => { writeLink(); if (state.frame && state.frame.plane) { drawMaps(state.frame); drawOutput(state.frame); } };
  $('upload').onchange = upload;
  $('backprop-example').onclick = async () => { try { showExplanation(await json('lessons/backprop-by-hand-step.json')); } catch (e) { showError(e); } };
  $('backprop-sample').onclick = async () => {
    try { showExplanation(await engine('explain', $('backprop-set').value, Number($('backprop-index').value))); }
    catch (e) { $('backprop-view').innerHTML = ''; $('backprop-view').append(errorLine(e)); }
  };
  $('copy-command').onclick = () => navigator.clipboard && navigator.clipboard.writeText($('command').textContent);
  $('copy-csharp').onclick = () => navigator.clipboard && navigator.clipboard.writeText($('csharp').textContent);
  for (const b of document.querySelectorAll('.tabs button')) b.onclick = () => showTab(b.dataset.tab);
  // The model file is written by the library in the worker. ONNX export can refuse a model (one trained on input
  // features): the page then says why.
  for (const format of ['safetensors', 'onnx']) {
    $('download-' + format).onclick = async event => {
      event.preventDefault();
      try {
        const bytes = await engine('model', format);
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' })); link.download = 'playground.' + format; link.click();
      } catch (e) { showError(e); }
    };
  }
}

function showTab(name) {
  for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const t of document.querySelectorAll('.tab')) t.hidden = t.id !== 'tab-' + name;
}

function layers() { return (state.options.layers || '').split(',').filter(s => s !== '' && s !== 'none').map(Number); }
// No hidden layer is --layers none (logistic regression), not the default's layers.
function editLayers(edit) { const l = edit(layers()); setOption('layers', l.length ? l.join(',') : 'none', 'layers'); }

function errorLine(e) { const d = document.createElement('div'); d.className = 'error'; d.textContent = e.message || String(e); return d; }

async function upload(event) {
  const file = event.target.files[0];
  if (!file) return;
  $('upload-error').textContent = '';
  try {
    // Read in the worker by the library's CSV reader, whose errors name the file, the line and the column.
    const frame = await engine('upload', file.name, new Uint8Array(await file.arrayBuffer()));
    $('upload-name').textContent = 'training on ' + frame.upload;
    accept(frame, 'data');
    await loadPoints();
  } catch (e) { $('upload-error').textContent = e.message; }
  event.target.value = '';
}

// ───── Drawing a frame ─────

function render(frame) {
  state.frame = frame;
  state.frames++;
  const o = frame.options;
  $('epoch').textContent = String(frame.epoch).padStart(6, '0').replace(/(\d{3})(\d{3})$/, '$1,$2');
  $('epoch').dataset.epoch = frame.epoch;
  $('step-in-epoch').textContent = frame.stepInEpoch ? ` + ${frame.stepInEpoch} batch${frame.stepInEpoch > 1 ? 'es' : ''}` : '';
  setNumber($('test-loss'), frame.testLoss);
  setNumber($('train-loss'), frame.trainLoss);
  $('accuracies').textContent = frame.trainAccuracy == null ? '' :
    `accuracy: training ${(100 * frame.trainAccuracy).toFixed(1)} %` + (frame.testAccuracy == null ? '' : `, test ${(100 * frame.testAccuracy).toFixed(1)} %`);
  $('held-out-note').textContent = frame.heldOutNote || '';
  $('play').textContent = frame.status === 'playing' ? '❚❚ pause' : '▶ play';
  $('status-text').textContent = frame.status === 'finished' ? `Finished: ${frame.stopReason}.` : frame.status === 'playing' ? 'Training…' : '';
  $('error').textContent = message();
  syncInputs(o, frame);
  const hasTest = frame.history.test.some(Number.isFinite);
  curve($('loss-curve'), frame.history.epoch, [[frame.history.train, '#777', 'training'], ...(hasTest ? [[frame.history.test, '#183d4e', 'test']] : [])], 'loss');
  const plane = !!frame.plane;
  $('plane-box').hidden = !plane; $('drawing-boxes').hidden = !plane;
  $('accuracy-box').hidden = plane || !frame.network.classification;
  if (!plane && frame.network.classification)
    curve($('accuracy-curve'), frame.history.epoch, [[frame.history.trainAccuracy, '#777', 'training'], ...(hasTest ? [[frame.history.testAccuracy, '#183d4e', 'test']] : [])], 'accuracy', 1);
  legend(frame);
  confusion(frame, hasTest);
  drawNetwork(frame);
  if (plane) drawOutput(frame);
  $('command').textContent = frame.command;
  $('csharp').textContent = frame.csharp;
  $('edited-note').hidden = !frame.edited;
}

// Four significant digits to read; the full number on hover.
function short(v) { return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '—'; }

function setNumber(element, value) {
  element.dataset.value = value == null ? '' : value;
  element.textContent = value == null ? '—' : short(Number(value));
  element.title = value == null || Number.isNaN(value) ? '' : String(value);
}

function syncInputs(o, frame) {
  const active = document.activeElement, refused = state.rejected && state.rejected.field;
  // A field the user is in, or whose value was refused, keeps what the user typed.
  const set = (id, value) => { if ($(id) !== active && id !== refused) $(id).value = value; };
  const optimizer = state.catalog.optimizers.find(e => e.name === o.optimizer);
  set('learning-rate', o['learning-rate'] || (optimizer ? optimizer.learningRate : ''));
  set('activation', o.activation || 'relu');
  set('optimizer', o.optimizer || 'adam');
  set('momentum', o.momentum || '0.9');
  set('batch-mode', o['batch-mode'] || state.catalog.defaults['batch-mode']);
  set('init', o.init || ''); set('loss', o.loss || ''); set('type', o.type || 'float');
  set('seed', o.seed || '0'); set('stop-epoch', o.epochs || ''); set('target-loss', o['target-loss'] || '');
  set('patience', frame.patience || ''); set('speed', String(frame.speed));
  set('regularisation', Number(o.l1) ? 'l1' : Number(o['weight-decay']) ? 'l2' : state.regularisation || 'none');
  set('regularisation-rate', o.l1 || o['weight-decay'] || '0');
  set('problem', state.catalog.regression.includes(o.data) ? 'regression' : 'classification');
  const ratio = Math.round(100 - 100 * Number(o['validation-split'] || 0));
  set('ratio', ratio); $('ratio-value').textContent = ratio + '%';
  const noise = Math.round(100 * Number(o.noise || 0));
  set('noise', noise); $('noise-value').textContent = noise;
  set('batch-size', o['batch-size'] || 32); $('batch-size-value').textContent = o['batch-size'] || 32;
  for (const b of document.querySelectorAll('#datasets button')) b.classList.toggle('selected', b.dataset.set === o.data);
  const features = (o.features || 'x1,x2').split(',');
  for (const b of document.querySelectorAll('#features button')) b.classList.toggle('on', features.includes(b.dataset.feature));
  $('layer-count').textContent = `${layers().length} hidden layer${layers().length === 1 ? '' : 's'}`;
}

// A value in [−1, 1] as TensorFlow Playground colours it: orange below zero, blue above.
function colour(v) {
  v = Math.max(-1, Math.min(1, v));
  const to = v < 0 ? ORANGE : BLUE, t = Math.abs(v);
  return [0, 1, 2].map(i => Math.round(WHITE[i] + (to[i] - WHITE[i]) * t));
}

// The same colours in 511 steps, looked up when a map is painted (a map has thousands of pixels).
const SHADES = Array.from({ length: 511 }, (_, k) => colour((k - 255) / 255));
function shade(v) { return SHADES[Math.round((Math.max(-1, Math.min(1, v)) + 1) * 255)] || SHADES[255]; }

// The frame's maps by column (the inputs, each hidden layer, the output): for each unit, its size × size values. The
// engine sends each column's layer output as it is, a row of units per grid point; here each unit's map is taken out.
function planeMaps(frame) {
  const p = frame.plane, n = p.size * p.size;
  if (!p.byColumn) {
    let at = 0;
    p.byColumn = p.columns.map(count => {
      const block = p.maps.subarray(at, at += n * count);
      return Array.from({ length: count }, (_, unit) => { const map = new Float32Array(n); for (let i = 0; i < n; i++) map[i] = block[i * count + unit]; return map; });
    });
  }
  return p.byColumn;
}

// Paints a map onto a canvas of the grid's size; values past ±1 (ReLU) are scaled into it. With toColour, the
// colour of each point is its answer instead.
function paint(canvas, values, size, toColour) {
  if (canvas.width !== size) { canvas.width = size; canvas.height = size; }
  const context = canvas.getContext('2d'), image = context.createImageData(size, size), data = image.data;
  let scale = 1;
  if (!toColour) for (const v of values) scale = Math.max(scale, Math.abs(v));
  const pick = toColour || (i => shade(values[i] / scale));
  for (let i = 0; i < size * size; i++) {
    const c = pick(i);
    data[4 * i] = c[0]; data[4 * i + 1] = c[1]; data[4 * i + 2] = c[2]; data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

// The output's colour at each point: the decision between two classes (or a regression's value) from orange to blue,
// or the likeliest of several classes; with "discretize output", only the side of the threshold each point is on.
function outputColour(frame) {
  const columns = planeMaps(frame), maps = columns[columns.length - 1], n = maps.length, sharp = $('discretize').checked;
  const tone = v => shade(sharp ? Math.sign(v) : v);
  if (!frame.network.classification) return i => tone(maps[0][i]);
  if (n === 1) return i => tone(2 * maps[0][i] - 1);
  if (n === 2) return i => tone(maps[1][i] - maps[0][i]);
  return i => {
    let best = 0;
    for (let k = 1; k < n; k++) if (maps[k][i] > maps[best][i]) best = k;
    const p = sharp ? 1 : Math.min(1, maps[best][i]), c = PALETTE[best % PALETTE.length];
    return [0, 1, 2].map(j => Math.round(WHITE[j] + (c[j] - WHITE[j]) * p));
  };
}

function drawOutput(frame) {
  const small = state.outputCanvas || (state.outputCanvas = document.createElement('canvas'));
  paint(small, null, frame.plane.size, outputColour(frame));
  const big = $('output-map').getContext('2d');
  big.imageSmoothingEnabled = !$('discretize').checked;
  big.drawImage(small, 0, 0, 300, 300);
}

// The colour of class k, as the points and the output map draw it.
function classColour(k, count) { return count === 2 ? (k === 1 ? BLUE : ORANGE) : PALETTE[k % PALETTE.length]; }

// The classes by name, in their colours.
function legend(frame) {
  const labels = frame.network.classification && frame.network.labels, box = $('legend');
  const key = JSON.stringify(labels);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.innerHTML = labels ? labels.map((l, k) => `<span><i style="background: rgb(${classColour(k, labels.length)})"></i>${escape(l)}</span>`).join('') : '';
}

function drawPoints() {
  const canvas = $('points'), context = canvas.getContext('2d');
  context.clearRect(0, 0, 300, 300);
  const p = state.points, frame = state.frame;
  if (!p || !p.plane || !frame || !frame.plane) return;
  const [x0, x1, y0, y1] = frame.plane.extent;
  const dot = (point, target, test) => {
    const x = (point[0] - x0) / (x1 - x0) * 300, y = (y1 - point[1]) / (y1 - y0) * 300;
    const c = p.classification ? classColour(target.length === 1 ? Math.round(target[0]) : target.indexOf(Math.max(...target)), Math.max(2, target.length)) : colour(target[0]);
    context.beginPath(); context.arc(x, y, 3.2, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${c})`; context.fill();
    context.lineWidth = test ? 1.6 : 0.8; context.strokeStyle = test ? '#000' : '#fff'; context.stroke();
  };
  p.train.forEach((point, i) => dot(point, p.trainTargets[i], false));
  if ($('show-test').checked) p.test.forEach((point, i) => dot(point, p.testTargets[i], true));
}

// A chart of curves over the epochs: the y axis from 0 to the top (1 for accuracy) with its values, the x axis to the
// last epoch, and a legend.
function curve(svg, xs, series, what, fixedTop) {
  const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height')), left = 38, right = 6, top = 16, bottom = 16;
  let most = fixedTop || 0;
  if (!fixedTop) for (const [ys] of series) for (const y of ys) if (Number.isFinite(y)) most = Math.max(most, y);
  most = most || 1;
  const last = Math.max(1, xs[xs.length - 1]);
  const X = x => (left + x / last * (w - left - right)).toFixed(1), Y = y => (h - bottom - y / most * (h - top - bottom)).toFixed(1);
  const path = ys => ys.map((y, i) => Number.isFinite(y) ? `${X(xs[i])},${Y(y)}` : null).filter(p => p).join(' ');
  const text = (x, y, anchor, s) => `<text x="${x}" y="${y}" font-size="9" text-anchor="${anchor}" fill="#666">${s}</text>`;
  svg.innerHTML =
    `<path d="M${left},${top} V${h - bottom} H${w - right}" stroke="#aaa" fill="none"/>` +
    text(left - 3, Number(Y(most)) + 3, 'end', short(most)) + text(left - 3, h - bottom + 3, 'end', '0') +
    text(0, top - 6, 'start', what) +
    text(left, h - 4, 'start', '0') + text(w - right, h - 4, 'end', `epoch ${last}`) +
    series.map(([ys, c]) => `<polyline points="${path(ys)}" fill="none" stroke="${c}" stroke-width="1.5"/>`).join('') +
    series.map(([, c, name], i) => `<rect x="${left + 20 + i * 70}" y="${top - 11}" width="12" height="3" fill="${c}"/>` + text(left + 36 + i * 70, top - 7, 'start', name)).join('');
}

function confusion(frame, hasTest) {
  const m = frame.confusion;
  $('confusion-box').hidden = !m;
  if (!m) return;
  $('confusion-title').textContent = `Confusion matrix (${hasTest ? 'test' : 'training'} data)`;
  const labels = frame.network.labels || m.map((_, i) => String(i));
  let html = '<tr><th>true \\ predicted</th>' + labels.map(l => `<th>${escape(l)}</th>`).join('') + '</tr>';
  m.forEach((row, i) => { html += `<tr><th>${escape(labels[i])}</th>` + row.map((v, j) => `<td class="${i === j ? 'diagonal' : ''}">${v}</td>`).join('') + '</tr>'; });
  $('confusion').innerHTML = html;
}

function escape(s) { return String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }

// ───── The network: a column of neurons per layer, each with its heat map; links by weight ─────

const COLUMN = 120, ROW = 56, TOP = 30, LEFT = 50;

// The network's drawing is made when its shape changes; each frame then sets only the numbers: the links' colours and
// widths, the biases' colours, the maps.
function drawNetwork(frame) {
  const net = frame.network;
  const columns = [net.inputs.length, ...net.layers.map(l => l.units)];
  const key = JSON.stringify([columns, net.inputs, net.labels, !!frame.plane]);
  if (key !== state.shapeKey) {
    state.shapeKey = key;
    buildNetwork(frame, columns);
  }
  drawLinks(frame);
  const box = $('network');
  box.querySelectorAll('.bias').forEach(b => {
    const value = net.layers[b.dataset.layer].biases[b.dataset.unit];
    b.style.background = `rgb(${colour(value)})`;
    b.title = `bias ${value} (click to edit)`;
  });
  if (frame.plane) drawMaps(frame);
}

function buildNetwork(frame, columns) {
  const net = frame.network, box = $('network');
  box.innerHTML = '';
  const height = TOP + Math.max(...columns) * ROW + 10, width = LEFT + (columns.length - 1) * COLUMN + 60;
  box.style.height = height + 'px'; box.style.width = width + 'px';
  // A network wider than its column is drawn smaller (down to 40 %), and what still does not fit scrolls.
  const scale = Math.min(1, Math.max(0.4, $('network-column').clientWidth / width));
  box.style.transform = scale < 1 ? `scale(${scale})` : '';
  box.style.marginBottom = scale < 1 ? `${-(1 - scale) * height}px` : '';
  box.style.marginRight = scale < 1 ? `${-(1 - scale) * width}px` : '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height); svg.id = 'links';
  box.append(svg);
  const at = (c, r) => [LEFT + c * COLUMN, TOP + r * ROW + 20];
  net.layers.forEach((layer, l) => layer.weights.forEach((row, from) => row.forEach((w, to) => {
    const [x0, y0] = at(l, from), [x1, y1] = at(l + 1, to), mid = (x0 + x1) / 2;
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('class', 'link'); path.setAttribute('d', `M${x0 + 20},${y0} C${mid},${y0} ${mid},${y1} ${x1 - 20},${y1}`);
    Object.assign(path.dataset, { layer: l, from, to });
    path.append(document.createElementNS('http://www.w3.org/2000/svg', 'title'));
    path.onclick = () => editWeight(l, from, to, state.frame.network.layers[l].weights[from][to], `the weight from neuron ${from + 1} to neuron ${to + 1} of layer ${l + 1}`);
    svg.append(path);
  })));
  const outputs = columns.length - 1;
  columns.forEach((count, c) => {
    const label = document.createElement('div'); label.className = 'column-label';
    label.style.left = (LEFT + c * COLUMN - 25) + 'px';
    if (c === 0) label.textContent = frame.plane ? 'features' : 'inputs';
    else if (c === outputs) label.textContent = 'output';
    else label.innerHTML = `${count} neuron${count > 1 ? 's' : ''} <button data-add="${c - 1}">+</button><button data-remove="${c - 1}">−</button>`;
    box.append(label);
    for (let r = 0; r < count; r++) {
      const n = document.createElement('div'); n.className = 'neuron';
      n.dataset.layer = c === 0 ? 'input' : c === outputs ? 'output' : 'hidden';
      n.dataset.column = c; n.dataset.unit = r;
      n.style.left = (LEFT + c * COLUMN - 20) + 'px'; n.style.top = (TOP + r * ROW) + 'px';
      // What the neuron is, in words: an input's name, an output's class, a hidden neuron's activation.
      const name = c === 0 ? net.inputs[r] : c === outputs ? (net.labels && net.labels.length === count ? net.labels[r] : '')
        : net.layers[c - 1].activation.toLowerCase();
      n.title = name;
      if (frame.plane) { const canvas = document.createElement('canvas'); canvas.className = 'neuron-map'; canvas.dataset.layer = n.dataset.layer; n.append(canvas); }
      else { const text = document.createElement('span'); text.className = 'neuron-name'; text.textContent = name; n.append(text); }
      if (c > 0 && net.layers[c - 1].biases) {
        const bias = document.createElement('div'); bias.className = 'bias';
        Object.assign(bias.dataset, { layer: c - 1, unit: r });
        bias.onclick = () => editWeight(c - 1, -1, r, state.frame.network.layers[c - 1].biases[r], `the bias of neuron ${r + 1} in layer ${c}`);
        n.append(bias);
      }
      box.append(n);
      if (c === 0 && frame.plane) {
        const input = document.createElement('div'); input.className = 'neuron-label'; input.textContent = net.inputs[r];
        input.style.left = (LEFT - 62) + 'px'; input.style.top = (TOP + r * ROW + 12) + 'px'; input.style.width = '40px'; input.style.textAlign = 'right';
        box.append(input);
      }
    }
  });
  box.querySelectorAll('[data-add]').forEach(b => b.onclick = () => editLayers(l => { l[b.dataset.add] = Math.min(8, l[b.dataset.add] + 1); return l; }));
  box.querySelectorAll('[data-remove]').forEach(b => b.onclick = () => editLayers(l => { l[b.dataset.remove] = Math.max(1, l[b.dataset.remove] - 1); return l; }));
}

// Every neuron's map; a single output unit is drawn as the decision, like the big map on the right.
function drawMaps(frame) {
  const maps = planeMaps(frame), last = maps.length - 1, outputColourAt = maps[last].length === 1 ? outputColour(frame) : null;
  $('network').querySelectorAll('canvas.neuron-map').forEach(canvas => {
    const n = canvas.parentElement, c = Number(n.dataset.column), r = Number(n.dataset.unit);
    if (maps[c] && maps[c][r]) paint(canvas, maps[c][r], frame.plane.size, c === last ? outputColourAt : null);
  });
}

function drawLinks(frame) {
  const weights = frame.network.layers.map(l => l.weights);
  $('links').querySelectorAll('.link').forEach(p => {
    const w = weights[p.dataset.layer][p.dataset.from][p.dataset.to];
    p.setAttribute('stroke', `rgb(${w < 0 ? ORANGE : BLUE})`);
    p.setAttribute('stroke-width', Math.min(7, 0.4 + 2.5 * Math.abs(w)).toFixed(2));
    p.firstChild.textContent = `w = ${w}`;
  });
}

async function editWeight(layer, from, to, current, what) {
  const text = prompt(`New value for ${what}:`, current);
  if (text === null) return;
  try { showError(null); render(await engine('edit', layer, from, to, Number(text))); } catch (e) { showError(e); }
}

// ───── The backprop view: backprop-view.js ─────

// ───── Lessons ─────

async function openLesson(name) {
  const view = $('lesson-view');
  view.textContent = 'Running ' + name + '…';
  try {
    const lesson = await json('lessons/' + encodeURIComponent(name) + '.json');
    if (lesson.error) throw new Error(lesson.error);
    let step = 0;
    const show = () => {
      view.innerHTML = `<h3>${escape(lesson.name)}</h3><p>${escape(lesson.summary)}</p>` +
        `<p class="small">What the lesson printed and drew when this site was made (its data read there); run it yourself with <code>backprop lesson ${escape(lesson.name)}</code>.</p>` +
        `<pre class="lesson-text">${escape(lesson.text)}</pre>`;
      if (lesson.steps.length) {
        view.innerHTML += `<h3>Training, one step at a time <button id="lesson-prev">◀</button> step ${step + 1} of ${lesson.steps.length} <button id="lesson-next">▶</button></h3>` +
          `<pre class="lesson-step">${escape(lesson.steps[step])}</pre>` + (lesson.traceNote ? `<p class="small">${escape(lesson.traceNote)}</p>` : '');
      }
      const pictures = document.createElement('div'); pictures.className = 'lesson-pictures';
      for (const svg of Object.values(lesson.pictures)) pictures.insertAdjacentHTML('beforeend', svg);
      view.append(pictures);
      if (lesson.steps.length) {
        $('lesson-prev').onclick = () => { step = Math.max(0, step - 1); show(); };
        $('lesson-next').onclick = () => { step = Math.min(lesson.steps.length - 1, step + 1); show(); };
      }
    };
    show();
  } catch (e) { view.innerHTML = ''; view.append(errorLine(e)); }
}

// ───── Start ─────

// Frames the worker sends while playing are drawn at the next animation frame; then the worker may send the next.
let pending = null;
worker.onmessage = ({ data }) => {
  if (data.ready) { start(data.ready); return; }
  if (data.frame) {
    pending = data.frame;
    requestAnimationFrame(() => { if (pending) { render(pending); pending = null; } worker.postMessage({ call: 'drawn', args: [] }); });
    return;
  }
  const call = waiting.get(data.id);
  waiting.delete(data.id);
  if ('error' in data) call.reject(new Error(data.error)); else call.resolve(data.result);
};
worker.onerror = e => showError(new Error(`The engine could not start: ${e.message}`));

// A new width redraws the network at the scale that fits.
window.addEventListener('resize', () => { state.shapeKey = ''; if (state.frame) render(state.frame); });

function count() {
  const epoch = state.frame ? state.frame.epoch : 0, epochs = Math.max(0, epoch - state.epochAtCount);
  state.epochAtCount = epoch;
  $('fps').textContent = `${state.frames} frames/s · ${epochs} epochs/s`;
  $('fps').dataset.fps = state.frames; $('fps').dataset.eps = epochs;
  state.frames = 0;
}

async function start(ready) {
  state.catalog = ready.catalog;
  $('loading').hidden = true;
  document.body.dataset.engineMilliseconds = Math.round(ready.milliseconds);
  buildMenus();
  bindControls();
  readLink();
  await engine('speed', state.speed);
  await setup();
  setInterval(count, 1000);
}
