import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startApi, userToken } from '../lib/api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { recordCalls, startFastEmulator, withIngestApi } from '../lib/ingest.mjs';
import { startNginx } from '../lib/nginx.mjs';
import { ROOT, TMP } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { ratio, round, summarize } from '../lib/stats.mjs';

const NAME = 'click-to-sound';
const DB = 'callrec_bench_click';
const CALL_SECONDS = 30; // 8 kHz 16-bit stereo WAV: 960,044 bytes each
const WARM_UP = 3;
const GOAL_P95_MS = 300;
const GOAL_RATIO = 1.5;
const ADMIN_INDEX = join(ROOT, 'dist/apps/admin/browser/index.html');
const COMPLIANCE = { email: 'compliance@bench.example', password: 'bench-compliance-password-1' };

/** Flags the e2e tests launch Debian's Chromium with; no autoplay switch: a click is the gesture. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Injected into both pages before their scripts: the time of each click on a play control
 * (capture phase, so before any handler of the page), and the first moment after it that an
 * `<audio>` element's `currentTime` is past 0 — from its own `timeupdate`/`playing` events
 * (captured at the document: media events do not bubble) or an animation-frame poll, whichever
 * sees it first (Chromium's `timeupdate` comes only every 250 ms).
 */
const PROBE = `(() => {
  const clicks = (window.__benchClicks = []);
  // Room for every click's requests (the default keeps the first 250 entries only).
  performance.setResourceTimingBufferSize(100000);
  // Every element told to play, in the document or not (a player may start one before showing it).
  const played = new Set();
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    if (!played.has(this)) {
      played.add(this);
      for (const name of ['timeupdate', 'playing']) this.addEventListener(name, () => heard());
      for (const name of ['loadstart', 'loadedmetadata', 'canplay', 'playing']) this.addEventListener(name, () => mark(name));
    }
    mark('play()');
    return play.apply(this, args);
  };
  const sounding = () => [...played, ...document.querySelectorAll('audio')].some((a) => a.currentTime > 0 && !a.paused);
  const heard = () => {
    const last = clicks.at(-1);
    if (last && last.sound === null && sounding()) last.sound = performance.now();
    return !last || last.sound !== null;
  };
  const poll = () => { if (!heard()) requestAnimationFrame(poll); };
  document.addEventListener('click', (event) => {
    if (!event.target.closest?.('[data-testid="row-play"], [data-bench-play]')) return;
    clicks.push({ at: performance.now(), sound: null });
    requestAnimationFrame(poll);
  }, true);
  for (const name of ['timeupdate', 'playing']) document.addEventListener(name, heard, true);
  // Where the time goes (details only): the element's arrival, its source, its events, long tasks.
  const mark = (what) => { const last = clicks.at(-1); if (last && last.sound === null) (last.marks ??= {})[what] ??= Math.round(performance.now() - last.at); };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') mark('src');
      else if ([...change.addedNodes].some((node) => node.querySelector?.('audio') || node.nodeName === 'AUDIO')) mark('audio');
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
  new PerformanceObserver((list) => {
    const last = clicks.at(-1);
    for (const entry of list.getEntries()) if (last && last.sound === null && entry.startTime >= last.at) last.longTaskMs = (last.longTaskMs ?? 0) + Math.round(entry.duration);
  }).observe({ type: 'longtask' });
})();`;

/** The anchor: one button per file; a click makes a new `<audio>` for it and plays it, nothing else. */
const ANCHOR_PAGE = `<!doctype html><meta charset="utf-8"><title>anchor</title>
<ul id="files"></ul>
<script>
  const count = Number(new URLSearchParams(location.search).get('count'));
  const list = document.getElementById('files');
  for (let i = 0; i < count; i += 1) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.textContent = 'Play ' + i;
    button.dataset.benchPlay = String(i);
    button.addEventListener('click', () => {
      document.querySelector('audio')?.remove();
      const audio = document.createElement('audio');
      audio.src = '/rec-' + i + '.wav' + (button.dataset.warm ? '?warm' : '');
      document.body.append(audio);
      audio.play().catch((error) => (document.title = 'refused: ' + error.name));
    });
    item.append(button);
    list.append(item);
  }
</script>`;

/**
 * Design 8: how long a listener waits for sound. One click on a grid row's play control in
 * Debian's Chromium (headless, driven by Playwright) until the player's `<audio>` has a
 * `currentTime` past 0, measured inside the page; beside a bare page whose `<audio>` plays the
 * same file from nginx, clicks interleaved one for one. The fixture is made by the product: calls
 * recorded by the emulator and stored by an API+worker; then an API (`APP_ROLE=api`) serves the
 * built admin as production does, and a COMPLIANCE user signs in through the admin's own form.
 * Every click opens a fresh player on a different recording (Escape closes the drawer between).
 */
export default {
  name: NAME,
  async run({ log, quick }) {
    const recordings = quick ? 12 : 36;
    const recordingsDir = join(TMP, 'recordings', NAME);
    const anchorRoot = join(TMP, `${NAME}-anchor`);
    if (!existsSync(ADMIN_INDEX)) {
      log('building the admin (npx nx build admin)');
      await run('npx', ['nx', 'build', 'admin'], { env: { NX_DAEMON: 'false' } });
    }
    for (const dir of [recordingsDir, anchorRoot]) rmSync(dir, { recursive: true, force: true });
    await freshDatabase(DB);
    await flushRedis();
    try {
      const files = await makeFixture({ log, recordings, recordingsDir });
      mkdirSync(anchorRoot, { recursive: true });
      files.forEach((file, i) => copyFileSync(join(recordingsDir, file), join(anchorRoot, `rec-${i}.wav`)));
      writeFileSync(join(anchorRoot, 'anchor.html'), ANCHOR_PAGE);
      const nginx = await startNginx(anchorRoot, 'anchor.html');
      const api = await startApi(`${NAME}-api`, { database: DB, role: 'api', recordingsDir });
      await userToken(api.url, 'COMPLIANCE', COMPLIANCE.email, COMPLIANCE.password);
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
      try {
        const sides = await openPages(browser, api.url, nginx.url, recordings);
        log(`${WARM_UP} warm-up clicks per side, then ${recordings} clicks per side, interleaved`);
        for (let i = 0; i < WARM_UP; i += 1) {
          for (const side of ['project', 'anchor']) await clickToSound(sides[side], i, { warm: true });
        }
        const times = { project: [], anchor: [] };
        const requests = [];
        for (let i = 0; i < recordings; i += 1) {
          // Alternating which side goes first, so neither always clicks on a calmer machine.
          for (const side of i % 2 === 0 ? ['project', 'anchor'] : ['anchor', 'project']) {
            const measured = await clickToSound(sides[side], i, { warm: false });
            times[side].push(measured.ms);
            if (side === 'project') requests.push(measured.requests);
          }
        }
        const project = summarize(times.project);
        const anchor = summarize(times.anchor);
        const r = ratio(project.p95, anchor.p95);
        return {
          name: NAME,
          metric: `ms from a click on a grid row's play control to currentTime > 0, p95 over ${recordings} clicks on different recordings`,
          unit: 'ms',
          project: project.p95,
          anchor: anchor.p95,
          ratio: r,
          goal: `p95 < ${GOAL_P95_MS} ms and ≤ ${GOAL_RATIO}× the anchor`,
          met: project.p95 < GOAL_P95_MS && r !== null && r <= GOAL_RATIO,
          notes:
            `p50 ${project.p50} ms vs ${anchor.p50} ms; max ${project.max} vs ${anchor.max} ms. Project: the built admin from ` +
            `the API (APP_ROLE=api, NODE_ENV=production), a COMPLIANCE user signed in through the form, ${WARM_UP} warm-up clicks ` +
            `(the player's code is loaded by the first), then each click on another row's play control, Escape between. ` +
            `Anchor: nginx serving the same ${recordings} stored WAVs (${CALL_SECONDS} s, 960,044 bytes) to a page whose click ` +
            `handler makes an <audio> and calls play(). Both measured in the page (performance.now() at the click's capture ` +
            `and at the first timeupdate/playing/animation frame with currentTime > 0), Chromium headless, no autoplay switch.`,
          details: {
            project,
            anchor,
            clicksPerSide: recordings,
            warmUpClicks: WARM_UP,
            // Where the time went: the click nearest the median, and the slowest.
            medianClick: requests[times.project.indexOf(medianOf(times.project))],
            slowestClick: requests[times.project.indexOf(Math.max(...times.project))],
          },
        };
      } finally {
        await browser.close();
        await api.proc.stop();
        await nginx.proc.stop();
      }
    } finally {
      await dropDatabase(DB);
      for (const dir of [recordingsDir, anchorRoot]) rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** `recordings` calls recorded by the emulator and stored by the product; their files, newest call first (the grid's order). */
async function makeFixture({ log, recordings, recordingsDir }) {
  const emulator = await startFastEmulator(`${NAME}-emulator`);
  try {
    await withIngestApi({ name: `${NAME}-ingest`, database: DB, recordingsDir, emulator }, ({ apiUrl, token }) =>
      recordCalls({ log, apiUrl, emulatorUrl: emulator.url, database: DB, token, calls: recordings, callSeconds: CALL_SECONDS }),
    );
  } finally {
    await emulator.proc.stop();
  }
  return withClient(DB, async (c) => {
    const { rows } = await c.query(
      `SELECT r."storageKey" FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
       WHERE r.status = 'STORED' AND NOT r.encrypted ORDER BY c."placedAt" DESC, c.id DESC`,
    );
    if (rows.length !== recordings) throw new Error(`${recordings} calls placed but ${rows.length} plain stored recordings found`);
    log(`fixture: ${recordings} recordings stored by the product`);
    return rows.map((r) => r.storageKey);
  });
}

/** The grid (signed in as COMPLIANCE, every recording on one page) and the anchor page, in one browser. */
async function openPages(browser, apiUrl, anchorUrl, recordings) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const project = await context.newPage();
  await project.goto(`${apiUrl}/sign-in`);
  await project.getByLabel('Email').fill(COMPLIANCE.email);
  await project.getByLabel('Password', { exact: true }).fill(COMPLIANCE.password);
  await project.getByRole('button', { name: 'Sign in', exact: true }).click();
  await project.waitForURL(/\/call-records$/);
  await project.goto(`${apiUrl}/call-records?size=${Math.max(50, recordings)}`);
  await project
    .getByTestId('row-play')
    .nth(recordings - 1)
    .waitFor();
  const anchor = await context.newPage();
  await anchor.goto(`${anchorUrl}/anchor.html?count=${recordings}`);
  return {
    project: { page: project, play: (i) => project.getByTestId('row-play').nth(i), close: () => closePlayer(project) },
    anchor: {
      page: anchor,
      play: (i) => anchor.locator(`[data-bench-play="${i}"]`),
      // Like the drawer closing: the audio stops, and stops downloading.
      close: () => anchor.evaluate(() => document.querySelector('audio')?.remove()),
    },
  };
}

/** The measured value nearest the median (so its requests can be shown). */
function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function closePlayer(page) {
  await page.keyboard.press('Escape');
  await page.getByTestId('panel-title').waitFor({ state: 'detached' });
}

/** One click, waited for until the page has heard sound; the page's own figures. */
async function clickToSound(side, i, { warm }) {
  const { page } = side;
  await page.bringToFront();
  const button = side.play(i);
  if (warm) await button.evaluate((element) => element.setAttribute('data-warm', 'true'));
  await button.click();
  await page
    .waitForFunction(() => window.__benchClicks.at(-1)?.sound != null, null, { timeout: 30_000 })
    .catch(async (error) => {
      throw new Error(`no sound after click ${i} on ${page.url()} (title "${await page.title()}"): ${error.message}`);
    });
  const measured = await page.evaluate(() => {
    const last = window.__benchClicks.at(-1);
    const requests = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime >= last.at && entry.startTime <= last.sound)
      .map((entry) => ({
        path: new URL(entry.name).pathname.replace(/[0-9a-f-]{36}/g, ':id'),
        startMs: Math.round(entry.startTime - last.at),
        firstByteMs: Math.round(entry.responseStart - last.at),
        endMs: Math.round(entry.responseEnd - last.at),
      }));
    return { ms: last.sound - last.at, requests: { requests, marks: last.marks, longTaskMs: last.longTaskMs ?? 0 } };
  });
  await side.close();
  return { ms: round(measured.ms, 1), requests: measured.requests };
}
