// What a frame of the playground page costs, measured in the browser (Debian's chromium, driven by the Playwright
// package the tests use): the exported site is served from DIR by a plain static server on loopback, and for each
// network the page asks its worker for a frame 30 times while paused (the round trip: the frame built by the engine,
// sent to the page) and draws it 30 times (render), then plays as fast as it goes for 10 s and reads the frames and
// epochs per second the page shows.
//   node bench/playground_frames.mjs DIR
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, extname } from 'node:path';
import { homedir, loadavg } from 'node:os';

const root = process.argv[2];
const require = createRequire(import.meta.url);
const { chromium } = require(join(homedir(), '.nuget/packages/microsoft.playwright/1.64.1/.playwright/package'));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
const server = createServer(async (request, response) => {
  let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  try {
    const body = await readFile(join(root, path));
    response.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
    response.end(body);
  } catch { response.writeHead(404); response.end(); }
}).listen(0, '127.0.0.1');
await new Promise(r => server.on('listening', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}`);
for (const [name, layers] of [['default 4,2', '4,2'], ['6×8', '8,8,8,8,8,8']]) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const started = Date.now();
  await page.goto(url + `?data=circle&layers=${layers}&speed=0`);
  await page.waitForFunction(() => document.getElementById('command').textContent.startsWith('backprop train'));
  const ready = Date.now() - started;
  const cost = await page.evaluate(async () => {
    const round = [], draw = [];
    for (let i = 0; i < 30; i++) {
      let t = performance.now();
      const frame = await engine('control', 'pause');
      round.push(performance.now() - t);
      t = performance.now();
      render(frame);
      draw.push(performance.now() - t);
    }
    return { round, draw };
  });
  await page.click('#play');
  await page.waitForTimeout(2000);
  const seconds = [];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(1000);
    seconds.push(await page.evaluate(() => [Number(document.getElementById('fps').dataset.fps), Number(document.getElementById('fps').dataset.eps)]));
  }
  const mean = k => (seconds.reduce((s, x) => s + x[k], 0) / seconds.length).toFixed(1);
  console.log(`${name}: ready ${ready} ms; frame round trip median ${median(cost.round).toFixed(1)} ms, render median ${median(cost.draw).toFixed(1)} ms; ` +
              `playing: ${mean(0)} frames/s, ${mean(1)} epochs/s`);
  await page.close();
}
console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}`);
await browser.close();
server.close();
