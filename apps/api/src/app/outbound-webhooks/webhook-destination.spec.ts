import { checkDestination, guardedLookup, parseWebhookUrl, WebhookDestinationError } from './webhook-destination';

describe('webhook destinations', () => {
  it.each([
    'not a url',
    'ftp://files.example.com/in',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@crm.example.com/',
    'https://token@crm.example.com/',
  ])('refuses %s as a URL', (raw) => {
    expect(() => parseWebhookUrl(raw)).toThrow(WebhookDestinationError);
    expect(() => parseWebhookUrl(raw)).toThrow(/is not a valid http\(s\) URL/);
  });

  it('takes http and https URLs, normalised', () => {
    expect(parseWebhookUrl('HTTPS://CRM.Example.com/Hook?x=1').toString()).toBe('https://crm.example.com/Hook?x=1');
    expect(parseWebhookUrl('http://[2606:4700::1]:8080/h').hostname).toBe('[2606:4700::1]');
  });

  it.each(['http://127.0.0.1/', 'http://[::1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:a00:1]/', 'http://localhost/'])(
    'refuses %s unless private addresses are allowed',
    async (raw) => {
      await expect(checkDestination(parseWebhookUrl(raw), false)).rejects.toThrow(
        /resolves to a private or loopback address \(set WEBHOOK_ALLOW_PRIVATE=true to allow\)/,
      );
      await expect(checkDestination(parseWebhookUrl(raw), true)).resolves.toBeUndefined();
    },
  );

  it('accepts a public IP literal without asking a resolver', async () => {
    await expect(checkDestination(parseWebhookUrl('https://93.184.215.14/hook'), false)).resolves.toBeUndefined();
  });

  it('gives the socket nothing when the name resolves inward', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (err) => resolve(err)));
    expect(error?.message).toMatch(/"localhost" \(.+\) resolves to a private or loopback address/);
    const allowed = await new Promise<unknown>((resolve) =>
      guardedLookup(true)('localhost', { all: true }, (_err, addresses) => resolve(addresses)),
    );
    expect(allowed).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]));
  });
});
