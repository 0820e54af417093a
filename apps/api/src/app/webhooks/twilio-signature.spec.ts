import fc from 'fast-check';
import twilio from 'twilio';
import { signTwilio } from '../../../test/twilio-signer';

// Twilio's published vector (twilio-node spec/validation.spec.js).
const VECTOR = {
  token: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

describe('X-Twilio-Signature', () => {
  it("matches Twilio's published test vector, both in the test signer and in twilio.validateRequest", () => {
    expect(signTwilio(VECTOR.token, VECTOR.url, VECTOR.params)).toBe(VECTOR.signature);
    expect(twilio.validateRequest(VECTOR.token, VECTOR.signature, VECTOR.url, VECTOR.params)).toBe(true);
    expect(twilio.validateRequest(VECTOR.token, VECTOR.signature, VECTOR.url, { ...VECTOR.params, Digits: '1235' })).toBe(false);
  });

  it('agrees with twilio.validateRequest on random payloads, and a changed value fails', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.string({ maxLength: 40, unit: 'grapheme' }), { minKeys: 1, maxKeys: 12 }),
        fc.string({ minLength: 1, maxLength: 32 }),
        (params, token) => {
          const url = 'https://calls.example.com/api/webhooks/twilio/recording-status';
          const signature = signTwilio(token, url, params);
          expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
          const [first] = Object.keys(params);
          expect(twilio.validateRequest(token, signature, url, { ...params, [first]: `${params[first]}x` })).toBe(false);
          expect(twilio.validateRequest(`${token}x`, signature, url, params)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
