import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { classifyAddress } from './address-policy';

/** Why a destination was refused; its message is fit for a 400 answer or an attempt's error. */
export class WebhookDestinationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'WebhookDestinationError';
  }
}

export const ALLOW_PRIVATE_HINT = '(set WEBHOOK_ALLOW_PRIVATE=true to allow)';

/**
 * A receiver's URL as stored: http or https, a host, no user name or password (a secret in a
 * URL ends up in logs and screens; receivers authenticate us by the signature instead).
 */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookDestinationError(`url "${raw}" is not a valid http(s) URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new WebhookDestinationError(`url "${raw}" is not a valid http(s) URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookDestinationError(`url "${raw}" is not a valid http(s) URL: it must not hold a user name or password`);
  }
  return url;
}

/** The URL's host as a resolver or isIP takes it: IPv6 literals without their brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Every address the host resolves to (all of them, as a client may connect to any) must be
 * one a webhook may reach, unless private addresses are allowed. Throws a domain error naming
 * the host and the refused address.
 */
export async function checkDestination(url: URL, allowPrivate: boolean): Promise<void> {
  const host = urlHost(url);
  const addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
  if (!allowPrivate) refusePrivate(host, addresses);
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true, verbatim: true }, (error, addresses) => {
      if (error || addresses.length === 0) {
        reject(new WebhookDestinationError(`url host "${host}" could not be resolved (${error?.code ?? 'no address'})`));
      } else {
        resolve(addresses);
      }
    });
  });
}

function refusePrivate(host: string, addresses: readonly string[]): void {
  const refused = addresses.find((address) => !classifyAddress(address).allowed);
  if (refused !== undefined) {
    const shown = refused === host ? `"${host}"` : `"${host}" (${refused})`;
    throw new WebhookDestinationError(`url host ${shown} resolves to a private or loopback address ${ALLOW_PRIVATE_HINT}`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that checks the addresses it hands to the socket: the check
 * applies to the address actually connected to, so a DNS answer that changed since the
 * endpoint was saved (rebinding) cannot reach the internal network. IP-literal hosts never
 * reach a lookup; `checkDestination` covers those before the request.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    lookup(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '');
      try {
        if (!allowPrivate)
          refusePrivate(
            hostname,
            addresses.map((a) => a.address),
          );
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, '');
      }
      if (addresses.length === 0) return callback(new WebhookDestinationError(`url host "${hostname}" could not be resolved`), '');
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
