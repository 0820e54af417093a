import { badParam } from '../errors';
import type { HttpMethod } from '../store/state';

/** Form or query parameters with repeated keys kept, as twilio-node sends arrays (`arrayFormat: repeat`). */
export type Params = Record<string, string[]>;

/** Normalises what express' urlencoded/query parsers produce (string | string[] | nested) into Params. */
export function toParams(input: unknown): Params {
  const out: Params = {};
  if (!input || typeof input !== 'object') return out;
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    const values = Array.isArray(raw) ? raw : [raw];
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length) out[key] = strings;
  }
  return out;
}

/** Twilio takes the first value of a scalar parameter sent twice. */
export function single(params: Params, key: string): string | undefined {
  return params[key]?.[0];
}

/**
 * An event list that may arrive as repeated keys (twilio-node) and/or as one space-separated value
 * (Twilio's docs, curl users). Unknown events are rejected so typos surface instead of silently
 * producing no callbacks.
 */
export function parseEventList<T extends string>(params: Params, key: string, allowed: readonly T[], defaults: readonly T[]): Set<T> {
  const raw = params[key];
  if (!raw) return new Set(defaults);
  const events = raw.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '');
  if (events.length === 0) return new Set(defaults);
  for (const e of events) {
    if (!(allowed as readonly string[]).includes(e)) {
      throw badParam(`${key} contains an invalid event '${e}'; allowed: ${allowed.join(', ')}`);
    }
  }
  return new Set(events as T[]);
}

export function parseBool(params: Params, key: string, fallback: boolean): boolean {
  const v = single(params, key);
  if (v === undefined || v === '') return fallback;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw badParam(`${key} must be true or false`);
}

export function parseMethod(params: Params, key: string): HttpMethod {
  const v = single(params, key);
  if (v === undefined || v === '') return 'POST';
  const upper = v.toUpperCase();
  if (upper === 'GET' || upper === 'POST') return upper;
  throw badParam(`${key} must be GET or POST`);
}

/** A callback URL must be absolute http(s); anything else could never be delivered. */
export function parseCallbackUrl(params: Params, key: string, code: number): string | null {
  const v = single(params, key);
  if (v === undefined || v === '') return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw badParam(`${key} is not a valid URL: ${v}`, code);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badParam(`${key} must be an http or https URL: ${v}`, code);
  }
  return v;
}

export function parseIntParam(params: Params, key: string, fallback: number, min: number, max: number): number {
  const v = single(params, key);
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badParam(`${key} must be an integer between ${min} and ${max}`);
  }
  return n;
}
