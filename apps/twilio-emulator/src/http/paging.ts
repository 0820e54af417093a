import { badParam } from '../errors';
import { single, type Params } from './params';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * Twilio's list envelope with page-number paging. `next_page_uri` is relative, so twilio-node
 * resolves it against its own base URL and paging stays on the emulator. Filters are carried
 * into the page URIs, as Twilio does.
 */
export function listPage<T>(
  items: readonly T[],
  params: Params,
  opts: { path: string; key: string; filterKeys: readonly string[] },
): Record<string, unknown> {
  const pageSize = parsePositive(single(params, 'PageSize'), DEFAULT_PAGE_SIZE, 'PageSize', 1, MAX_PAGE_SIZE);
  const page = parsePositive(single(params, 'Page'), 0, 'Page', 0, Number.MAX_SAFE_INTEGER);
  const start = page * pageSize;
  const slice = items.slice(start, start + pageSize);
  const uriFor = (p: number) => {
    const q = new URLSearchParams();
    for (const key of opts.filterKeys) {
      const v = single(params, key);
      if (v !== undefined) q.append(key, v);
    }
    q.append('PageSize', String(pageSize));
    q.append('Page', String(p));
    return `${opts.path}?${q.toString()}`;
  };
  return {
    [opts.key]: slice,
    end: slice.length ? start + slice.length - 1 : start,
    first_page_uri: uriFor(0),
    next_page_uri: start + pageSize < items.length ? uriFor(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
    start,
    uri: uriFor(page),
  };
}

function parsePositive(v: string | undefined, fallback: number, key: string, min: number, max: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw badParam(`${key} must be an integer >= ${min}`);
  return Math.min(n, max);
}
