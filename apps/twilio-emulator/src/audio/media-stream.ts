import { once } from 'node:events';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'express';

export type ByteRange = { start: number; end: number };

/**
 * A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range. Returns null when absent or in a form we
 * choose to ignore (multiple ranges: the full body is a valid answer), 'unsatisfiable' for 416.
 */
export function parseRange(header: string | undefined, total: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, total - suffix);
    end = total - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  }
  if (start >= total || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Writes chunks to the response honouring back-pressure, optionally throttled to `bytesPerSecond`
 * (sent in ~100 ms slices so the rate is smooth), and stops quietly when the client goes away or
 * the emulator closes.
 */
export async function sendChunks(
  res: Response,
  source: Iterable<Buffer> | AsyncIterable<Buffer>,
  opts: { bytesPerSecond?: number; signal: AbortSignal },
): Promise<void> {
  const { bytesPerSecond, signal } = opts;
  const sliceBytes = bytesPerSecond ? Math.max(1, Math.floor(bytesPerSecond / 10)) : Infinity;
  try {
    for await (const chunk of source) {
      for (let off = 0; off < chunk.length; off += sliceBytes) {
        if (res.destroyed || signal.aborted) return;
        const piece = chunk.subarray(off, Math.min(chunk.length, off + sliceBytes));
        if (bytesPerSecond) await sleep((piece.length * 1000) / bytesPerSecond, undefined, { signal });
        if (!res.write(piece)) await drained(res, signal);
      }
      // A fast client keeps write() returning true, and awaiting only microtasks would starve
      // timers, signals and other requests for the whole (possibly hours-long) file.
      await yieldToEventLoop();
    }
    res.end();
  } catch (err) {
    if (!res.headersSent && !signal.aborted) throw err;
    res.destroy();
  } finally {
    if (signal.aborted && !res.destroyed) res.destroy();
  }
}

async function drained(res: Response, signal: AbortSignal): Promise<void> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([once(res, 'drain', { signal: ac.signal }), once(res, 'close', { signal: ac.signal })]);
  } catch {
    // aborted: the caller notices through res.destroyed / signal.aborted
  } finally {
    ac.abort();
    signal.removeEventListener('abort', stop);
  }
}
