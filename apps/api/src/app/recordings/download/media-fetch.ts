import { Readable, Transform } from 'node:stream';
import { errorMessage } from '../../../common/errors/error-message';

/** Twilio answered, but not with the audio (yet): the job should try again later. */
export class MediaUnavailableError extends Error {
  public constructor(
    message: string,
    public readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'MediaUnavailableError';
  }
}

export interface MediaResponse {
  body: Readable;
  contentLength: number | null;
  contentType: string | null;
}

const IDLE_TIMEOUT_MS = 60_000;

/**
 * GETs a recording's media with HTTP Basic auth. Redirects are followed; fetch drops the
 * Authorization header when a redirect leaves the origin, so credentials never reach a CDN.
 * A stream that goes silent for a minute is aborted rather than left hanging.
 */
export async function fetchMedia(url: string, authorization: string): Promise<MediaResponse> {
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(new Error('no response from Twilio for 60 s')), IDLE_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization }, redirect: 'follow', signal: controller.signal });
  } catch (error) {
    clearTimeout(idle);
    throw new MediaUnavailableError(`Could not reach Twilio for the media: ${errorMessage(error)}`, null);
  }
  if (!response.ok || !response.body) {
    clearTimeout(idle);
    await response.body?.cancel().catch(() => undefined);
    throw new MediaUnavailableError(describeStatus(response.status), response.status);
  }
  const source = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  // A pass-through watchdog: listening for 'data' on the source itself would start the flow
  // before the caller's pipeline is attached, and bytes would be lost.
  const body: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      clearTimeout(idle);
      idle = setTimeout(() => body.destroy(new Error('the media download stalled for 60 s')), IDLE_TIMEOUT_MS);
      done(null, chunk);
    },
  });
  source.once('error', (error) => body.destroy(error));
  body.once('close', () => {
    clearTimeout(idle);
    source.destroy();
  });
  source.pipe(body);
  const length = response.headers.get('content-length');
  return {
    body,
    contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
    contentType: response.headers.get('content-type'),
  };
}

function describeStatus(status: number): string {
  if (status === 404) return 'Twilio has no media for this recording yet (404)';
  if (status === 401 || status === 403) return `Twilio refused our credentials for the media (${status})`;
  if (status >= 500) return `Twilio failed to serve the media (${status})`;
  return `Twilio answered the media request with ${status}`;
}
