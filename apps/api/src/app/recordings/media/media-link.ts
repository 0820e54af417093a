import { createHash } from 'node:crypto';
import type { MediaLinkSettings } from '../../../services/config/storage-settings';

/** Storage keys a link may name: characters that mean the same in the URL and in nginx's decoded $uri. */
const LINKABLE_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export interface LinkQuestion {
  /** The row's store: nginx reads the recordings directory, so only LOCAL rows have a file it can send. */
  storageBackend: string;
  storageKey: string;
  /** The store holds ciphertext: only the API can turn it into audio. */
  encrypted: boolean;
  /** The caller may take the whole file (a role that may download). */
  mayDownload: boolean;
  /** The address the API sees for the caller (after TRUST_PROXY): the one nginx must see as $remote_addr. */
  clientIp: string | null;
}

/**
 * Whether a media token may carry an nginx link (MEDIA_DELIVERY=nginx) instead of the API's
 * stream URL. The rules are media-delivery.ts's: an encrypted recording stays proxied (the
 * file is ciphertext), and so does a role capped by STREAM_MAX_RANGE_BYTES: the link serves
 * any range of the whole file, as often as asked, until it expires, which is exactly the
 * download that role may not make. A link is bound to the client's address, so without one
 * there is nothing to bind and the API streams.
 */
export function mayLink(question: LinkQuestion): boolean {
  return (
    question.storageBackend === 'LOCAL' &&
    !question.encrypted &&
    question.mayDownload &&
    question.clientIp !== null &&
    !question.storageKey.split('/').includes('..') &&
    LINKABLE_KEY.test(question.storageKey)
  );
}

/**
 * A link nginx's `secure_link` accepts until `expires` (Unix seconds) from `clientIp` only:
 * `secure_link_md5 "$secure_link_expires$uri$remote_addr <secret>"`, the MD5 in base64url
 * without padding, as deploy/nginx/callrec.conf.template checks it. The hash covers the path,
 * so a link to one recording opens no other.
 */
export function signMediaLink(settings: MediaLinkSettings, storageKey: string, clientIp: string, expires: number): string {
  const path = `${settings.prefix}${storageKey}`;
  const md5 = createHash('md5').update(`${expires}${path}${nginxAddress(clientIp)} ${settings.secret}`).digest('base64url');
  return `${path}?md5=${md5}&expires=${expires}`;
}

/**
 * The address as nginx writes $remote_addr: Node reports an IPv4 client of a dual-stack socket
 * as `::ffff:a.b.c.d`, nginx as `a.b.c.d`.
 */
export function nginxAddress(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
