import fc from 'fast-check';
import twilio from 'twilio';
import { computeTwilioSignature, type SignedParams } from './signature';

describe('computeTwilioSignature', () => {
  it("matches Twilio's published test vector", () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    expect(computeTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('signs a GET callback over the URL alone', () => {
    const url = 'https://example.com/hook?CallSid=CA1&CallStatus=ringing';
    expect(twilio.validateRequest('tok', computeTwilioSignature('tok', url, {}), url, {})).toBe(true);
  });

  it('agrees with twilio.validateRequest on random payloads (unicode, arrays, odd keys)', () => {
    const key = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.array(fc.string({ unit: 'grapheme', maxLength: 10 }), { minLength: 1, maxLength: 4 }),
    );
    const url = fc.constantFrom(
      'https://example.com/twilio/status',
      'https://example.com:8443/hooks/recording?tenant=7&x=a%20b',
      'http://127.0.0.1:3000/api/webhooks/twilio/call-status',
      'https://mycompany.com/myapp.php?foo=1&bar=2',
    );
    const token = fc.stringMatching(/^[0-9a-f]{32}$/);
    fc.assert(
      fc.property(token, url, fc.dictionary(key, value, { maxKeys: 12 }), (authToken, u, params) => {
        const signature = computeTwilioSignature(authToken, u, params as SignedParams);
        expect(twilio.validateRequest(authToken, signature, u, params)).toBe(true);
        expect(twilio.getExpectedTwilioSignature(authToken, u, params)).toBe(signature);
      }),
      { numRuns: 300 },
    );
  });

  it('changes when a value, a key or the token changes', () => {
    const base = computeTwilioSignature('t', 'https://x.test/cb', { A: '1', B: '2' });
    expect(computeTwilioSignature('t', 'https://x.test/cb', { A: '1', B: '3' })).not.toBe(base);
    expect(computeTwilioSignature('t', 'https://x.test/cb', { A: '1', C: '2' })).not.toBe(base);
    expect(computeTwilioSignature('u', 'https://x.test/cb', { A: '1', B: '2' })).not.toBe(base);
  });
});
