import twilio from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';

/**
 * The recommended way to point the unmodified twilio client at the emulator: a RequestClient that
 * swaps the hard-coded https://api.twilio.com origin for the emulator's, for every request and
 * every next_page_uri. Region/edge must stay unset (they would rewrite 127.0.0.1 into nonsense).
 */
export class EmulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly emulatorUrl: string) {
    super();
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.emulatorUrl) });
  }
}

export function emulatorClient(emulatorUrl: string, accountSid: string, authToken: string): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new EmulatorRequestClient(emulatorUrl) });
}
