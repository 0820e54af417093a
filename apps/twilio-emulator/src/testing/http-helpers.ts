import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface FetchedMedia {
  status: number;
  headers: Headers;
  body: Buffer;
}

export function basicAuthHeader(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

export async function fetchBytes(url: string, init: RequestInit = {}): Promise<FetchedMedia> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

export async function controlJson<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last state after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
  durationSeconds: number;
}

export function parseWavHeader(buf: Buffer): WavInfo {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV');
  const channels = buf.readUInt16LE(22);
  const sampleRate = buf.readUInt32LE(24);
  const bitsPerSample = buf.readUInt16LE(34);
  const dataBytes = buf.readUInt32LE(40);
  return {
    channels,
    sampleRate,
    bitsPerSample,
    dataBytes,
    durationSeconds: dataBytes / (channels * (bitsPerSample / 8) * sampleRate),
  };
}

export interface AudioFormat {
  container?: string;
  codec?: string;
  numberOfChannels?: number;
  sampleRate?: number;
  duration?: number;
}

/**
 * music-metadata is ESM-only, which Jest's CommonJS runtime cannot import, so it runs in a child
 * Node process that reads the file from stdin and prints `format` as JSON.
 */
export function probeAudio(bytes: Buffer, mimeType: string): Promise<AudioFormat> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'probe-audio.mjs'), mimeType],
      { maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as AudioFormat)),
    );
    child.stdin?.end(bytes);
  });
}
