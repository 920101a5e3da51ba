// The backprop view: one training step on one sample. The engine draws the network with the step's numbers on it
// (StepPicture, through the worker's 'picture' call: the page has no drawer of its own), stage by stage with Back and
// Next; under it every number in a table, at four significant digits (in full on hover), and a document's rounded
// values compared at the document's own precision.
'use strict';

// Four significant digits, as the engine's picture writes them: 0.7311, 0.02271, 8.541e-6.
function short(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number' || !isFinite(v) || v === 0) return String(v);
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(3).replace(/\.?0+e/, 'e');
}

// A number at four digits with every digit on hover.
function num(v) { return `<span class="num" title="${escape(String(v))}">${escape(short(v))}</span>`; }

function nums(values) { return values.map(num).join(', '); }

// How many decimals the document printed (0.168861: 6).
function printedDecimals(d) {
  const text = String(d), dot = text.indexOf('.');
  return dot < 0 || /e/i.test(text) ? 0 : text.length - dot - 1;
}

// A document's value beside the computed ones: the same at the document's precision (every value rounded to its
// decimals), or marked where it differs.
function docCell(values, d) {
  if (d === undefined) return '<td class="doc"></td>';
  const places = printedDecimals(d), rounded = values.map(v => v.toFixed(places));
  const same = rounded.every(r => r === d.toFixed(places));
  const why = same ? `equal to the computed value rounded to ${places} decimals`
    : `the computed value rounded to ${places} decimals is ${rounded.join(', ')}: the document rounds as it goes`;
  return `<td class="doc ${same ? 'same' : 'differs'}" title="${escape(why)}">${d}${same ? ' ✓' : ' ≠'}</td>`;
}

function targetText(x) {
  const values = `[${x.target.map(short).join(', ')}]`;
  return x.targetClass !== null && x.targetClass !== undefined ? `class ${escape(x.targetClass)} (${values})` : values;
}

function explanationTable(x) {
  const doc = x.document || {};
  const row = (name, values, docKey) => `<tr><td>${name}</td><td>${nums(values)}</td>${docCell(values, docKey ? doc[docKey] : undefined)}</tr>`;
  let html = `<p>input x_i = [${x.input.map(short).join(', ')}], target t = ${targetText(x)}, loss ${escape(x.loss)}, ` +
    `E = ${num(x.error)}, optimizer ${escape(x.optimizer)} with η = ${num(x.learningRate)}</p>`;
  const head = `<tr><th>quantity</th><th>computed</th><th>${x.document ? 'document' : ''}</th></tr>`;
  html += '<h3>Forward pass</h3><table class="explain">' + head;
  // The lessons call the inputs x_i and every later unit's output y.
  const y = l => l.from === 'i' ? 'x_i' : 'y_' + l.from;
  x.layers.forEach(l => {
    html += row(`x_${l.to} = Σ_${l.from} w_${l.from}${l.to} ${y(l)}${l.bias ? ' + b_' + l.to : ''}`, l.sums);
    html += row(`y_${l.to} = ${l.activation.toLowerCase()}(x_${l.to})`, l.outputs, 'y_' + l.to);
  });
  html += '</table><h3>Backward pass</h3><table class="explain">' + head;
  [...x.layers].reverse().forEach((l, i) => {
    const next = x.layers[x.layers.length - i];
    const formula = i === 0 ? `δ_${l.to} = ∂E/∂x_${l.to}` : `δ_${l.to} = ${l.activation.toLowerCase()}'(x_${l.to}) Σ_${next.to} w_${l.to}${next.to} δ_${next.to}`;
    html += row(formula, l.deltas, 'delta_' + l.to);
    html += row(`∂E/∂w_${l.from}${l.to} = δ_${l.to} ${y(l)}`, l.gradients.flat(), `dE/dw_${l.from}${l.to}`);
    if (l.biasGradients) html += row(`∂E/∂b_${l.to} = δ_${l.to}`, l.biasGradients);
  });
  html += '</table><h3>Update (w ← w − η ∂E/∂w for plain SGD; the chosen optimizer\'s step otherwise)</h3><table class="explain"><tr><th>weight</th><th>before</th><th>∂E/∂w</th><th>after</th><th>' + (x.document ? 'document' : '') + '</th></tr>';
  x.layers.forEach(l => {
    l.weights.forEach((r, a) => r.forEach((w, b) => {
      html += `<tr><td>w_${l.from}${l.to} (${a + 1}→${b + 1})</td><td>${num(w)}</td><td>${num(l.gradients[a][b])}</td><td>${num(l.after[a][b])}</td>` +
        docCell([l.after[a][b]], doc[`w_${l.from}${l.to} after`]) + '</tr>';
    }));
    if (l.bias) l.bias.forEach((b, u) => { html += `<tr><td>b_${l.to} (${u + 1})</td><td>${num(b)}</td><td>${num(l.biasGradients[u])}</td><td>${num(l.biasAfter[u])}</td><td></td></tr>`; });
  });
  return html + '</table>';
}

// The explained step: its title, the engine's picture of the stage shown (forward pass first), then the table.
function showExplanation(x) {
  const view = $('backprop-view');
  view.innerHTML = `<h3>${escape(x.title)}</h3><div id="backprop-picture"></div>` + explanationTable(x);
  let stage = 0;
  const draw = async () => {
    const box = $('backprop-picture');
    try {
      const picture = await engine('picture', x, stage);
      const last = picture.stages.length - 1;
      box.innerHTML = `<div class="stage-steps"><button id="stage-back">◀ Back</button> ` +
        `<span id="stage-name">stage ${stage + 1} of ${last + 1}: ${escape(picture.stages[stage])}</span> <button id="stage-next">Next ▶</button></div>` + picture.svg;
      box.dataset.stage = picture.stages[stage];
      $('stage-back').disabled = stage === 0;
      $('stage-next').disabled = stage === last;
      $('stage-back').onclick = () => { stage = Math.max(0, stage - 1); draw(); };
      $('stage-next').onclick = () => { stage = Math.min(last, stage + 1); draw(); };
    } catch (e) { box.replaceChildren(errorLine(e)); }
  };
  return draw();
}
