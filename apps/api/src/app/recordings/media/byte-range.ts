/** What a Range header asks of a file of `size` bytes (RFC 9110 §14, single ranges). */
export type RangeRequest =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Parses a single byte range. A header that is not a single well-formed `bytes=` range is
 * ignored (the whole file is served), as RFC 9110 allows; a well-formed range that lies
 * wholly beyond the file is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'full' };
  const match = RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first, last] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first.length > 15 || last.length > 15) return { kind: 'unsatisfiable' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/**
 * If-Range: the range applies only while the representation is the one the client saw.
 * Only a strong ETag can match; a date or a weak tag means "send it all".
 */
export function rangeStillValid(ifRange: string | undefined, etag: string): boolean {
  if (ifRange === undefined) return true;
  return ifRange.trim() === etag;
}

/**
 * What may be sent of what was asked, for a caller limited to `maxBytes` per response (a role
 * that may play but not download): the asked range cut to `maxBytes` from its start, and the
 * first `maxBytes` instead of a whole file that is larger. Media players take a shorter 206
 * and ask again from where it ends. Without a limit the request is answered as asked.
 */
export function capRange(range: RangeRequest, size: number, maxBytes: number | undefined): RangeRequest {
  if (maxBytes === undefined || range.kind === 'unsatisfiable') return range;
  if (range.kind === 'full') return size > maxBytes ? { kind: 'partial', start: 0, end: maxBytes - 1 } : range;
  return { kind: 'partial', start: range.start, end: Math.min(range.end, range.start + maxBytes - 1) };
}
