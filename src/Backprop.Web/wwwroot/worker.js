// The playground's engine in a Web Worker: Backprop's own C# engine compiled to WebAssembly (src/Backprop.Web), so
// the page stays responsive while it trains. The page sends calls ({ id, call, args }) and gets answers
// ({ id, result } or { id, error }); while playing, the worker trains in slices and sends frames ({ frame }).
import { dotnet } from './_framework/dotnet.js';

const started = performance.now();
const runtime = await dotnet.create();
const engine = (await runtime.getAssemblyExports(runtime.getConfig().mainAssemblyName)).Backprop.Web.PageEngine;

// How long one slice of training runs before a frame is drawn, when playing as fast as it goes (milliseconds): at
// least 30 ms, and twice what the last frame took to build (every neuron's map is a pass of the grid through the
// network), so training keeps two thirds of the time; at most 250 ms, so a click is answered soon.
const SLICE = 30, LONGEST = 250;
let playing = false, speed = 30, clock = 0, played = 0, drawn = true, timer = 0, frameMs = 0;

// A frame: the engine's JSON, and every neuron's map over the plane as one Float32Array (bytes, not text).
function frame(json) {
  const f = JSON.parse(json);
  if (f.plane) {
    const bytes = engine.Maps(), own = bytes.buffer.byteLength === bytes.length ? bytes : bytes.slice();   // a buffer of its own, to hand over
    f.plane.maps = new Float32Array(own.buffer);
  }
  if (playing) f.status = 'playing';
  f.speed = speed;
  return f;
}

// Sends a frame, handing its maps over rather than copying them.
function send(message, f) { postMessage(message, f && f.plane && f.plane.maps ? [f.plane.maps.buffer] : []); }

function pause() { playing = false; clearTimeout(timer); }

function play() {
  if (playing) return;
  playing = true; clock = performance.now(); played = 0;
  loop();
}

// Trains what is due (speed epochs a second, or a slice's worth at full speed), then sends a frame once the page drew
// the last (a frame is built only to be sent).
function loop() {
  if (!playing) return;
  const due = speed > 0 ? Math.floor((performance.now() - clock) * speed / 1000) - played : Infinity;
  if (due > 0) played += engine.Play(Math.min(LONGEST, Math.max(SLICE, 2 * frameMs)), Math.min(due, 1 << 30));
  if (engine.Status() !== 'paused') playing = false;   // finished, or failed: play stops
  if (drawn || !playing) {
    const building = performance.now();
    const f = frame(engine.Frame());
    frameMs = performance.now() - building;
    drawn = false;
    send({ frame: f }, f);
  }
  if (!playing) return;
  const wait = speed > 0 ? Math.max(1, (played + 1) * 1000 / speed - (performance.now() - clock)) : 0;
  timer = setTimeout(loop, wait);
}

const calls = {
  setup: (options, patience) => { pause(); return frame(engine.Setup(JSON.stringify(options), patience)); },
  change: (options, patience) => {
    const f = frame(engine.Change(JSON.stringify(options), patience));
    if (!f.continued) pause();
    return f;
  },
  control: action => {
    if (action === 'play') { play(); return frame(engine.Frame()); }
    if (action === 'pause') { pause(); return frame(engine.Frame()); }
    pause();
    return frame(engine.Control(action));
  },
  speed: value => { speed = value; clock = performance.now(); played = 0; return frame(engine.Frame()); },
  drawn: () => { drawn = true; },
  frame: () => frame(engine.Frame()),
  points: () => JSON.parse(engine.Points()),
  edit: (layer, from, to, value) => frame(engine.Edit(layer, from, to, value)),
  explain: (set, index) => JSON.parse(engine.Explain(set, index)),
  picture: (explanation, stage) => JSON.parse(engine.Picture(JSON.stringify(explanation), stage)),
  model: format => engine.Model(format),
  upload: (name, bytes) => { pause(); return frame(engine.Upload(name, bytes)); },
};

onmessage = ({ data: { id, call, args } }) => {
  try {
    const result = calls[call](...args);
    if (id !== undefined) send({ id, result }, result);
  } catch (e) {
    if (id !== undefined) postMessage({ id, error: String(e.message || e).split('\n')[0] });
  }
};

postMessage({ ready: { catalog: JSON.parse(engine.Catalog()), milliseconds: performance.now() - started } });
