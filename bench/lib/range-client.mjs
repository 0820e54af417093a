import http from 'node:http';
import { summarize, round } from './stats.mjs';

/**
 * `concurrency` keep-alive connections, each GETting `url` (or the range's own `url`) with the
 * next precomputed Range for `seconds`. Time to first byte = request sent → status line and headers received.
 */
export async function rangeLoad({ url, ranges, concurrency, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const ttfb = [];
  const total = [];
  let next = 0;
  let bytes = 0;
  let errors = 0;
  let unexpected = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = (range) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.get(range.url ?? url, { agent, headers: { range: `bytes=${range.start}-${range.end}` } }, (res) => {
        ttfb.push(performance.now() - t0);
        if (res.statusCode !== 206) unexpected += 1;
        let n = 0;
        res.on('data', (chunk) => (n += chunk.length));
        res.on('end', () => {
          bytes += n;
          total.push(performance.now() - t0);
          resolve();
        });
        res.on('error', () => {
          errors += 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
    });
  const worker = async () => {
    while (performance.now() < deadline) await one(ranges[next++ % ranges.length]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    mbPerSecond: round(bytes / 1e6 / elapsed, 1),
    requests: total.length,
    seconds: round(elapsed, 2),
    ttfbMs: summarize(ttfb),
    totalMs: summarize(total),
    errors,
    non206: unexpected,
  };
}
