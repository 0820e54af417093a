import type { MediaDelivery } from '../../../services/config/storage-settings';

export interface DeliveryQuestion {
  /** MEDIA_DELIVERY. */
  configured: MediaDelivery;
  /** The request's method: a presigned link is signed for GET only. */
  method: string;
  /** Set when the caller may take at most this many bytes per response (may play, not download). */
  maxBytes: number | undefined;
  /** The row's object is encrypted: the store holds ciphertext, so the API must decrypt it. */
  encrypted: boolean;
}

/**
 * Whether a media request may be answered with a 302 to a presigned link (when the row's store
 * can make one) or must be proxied. The API always authorises and audits first; this only
 * decides who sends the bytes.
 *
 * A role limited to STREAM_MAX_RANGE_BYTES per response is always proxied: a presigned GET
 * serves any range of the whole object, as often as asked, until it expires, so handing such a
 * caller the link would hand over the whole file, which is exactly the download that role may
 * not make. An encrypted recording is proxied: a link to its object would serve ciphertext.
 * HEAD is proxied (answered from the row) because the link is signed for GET.
 */
export function mediaDeliveryFor({ configured, method, maxBytes, encrypted }: DeliveryQuestion): MediaDelivery {
  if (configured !== 'redirect') return 'proxy';
  if (encrypted) return 'proxy';
  if (method !== 'GET') return 'proxy';
  if (maxBytes !== undefined) return 'proxy';
  return 'redirect';
}
