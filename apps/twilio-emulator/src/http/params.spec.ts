import { TwilioHttpError } from '../errors';
import { parseCreateCall } from '../rest/create-call-params';
import { parseEventList, toParams } from './params';

const ALLOWED = ['initiated', 'ringing', 'answered', 'completed'] as const;

describe('request parameters', () => {
  it('reads event lists from repeated keys, one space-separated value, or both', () => {
    const repeated = toParams({ StatusCallbackEvent: ['initiated', 'answered'] });
    const spaced = toParams({ StatusCallbackEvent: 'initiated ringing  answered' });
    const mixed = toParams({ StatusCallbackEvent: ['initiated ringing', 'completed'] });
    expect([...parseEventList(repeated, 'StatusCallbackEvent', ALLOWED, ['completed'])]).toEqual(['initiated', 'answered']);
    expect([...parseEventList(spaced, 'StatusCallbackEvent', ALLOWED, ['completed'])]).toEqual(['initiated', 'ringing', 'answered']);
    expect([...parseEventList(mixed, 'StatusCallbackEvent', ALLOWED, ['completed'])]).toEqual(['initiated', 'ringing', 'completed']);
  });

  it('defaults to completed only and rejects unknown events', () => {
    expect([...parseEventList({}, 'StatusCallbackEvent', ALLOWED, ['completed'])]).toEqual(['completed']);
    expect(() => parseEventList(toParams({ E: 'answered hungup' }), 'E', ALLOWED, [])).toThrow(/hungup/);
  });

  it('normalises parser output, keeping repeated keys', () => {
    expect(toParams({ a: 'x', b: ['y', 'z'], c: undefined, d: { nested: 1 } })).toEqual({ a: ['x'], b: ['y', 'z'] });
  });

  describe('parseCreateCall', () => {
    const base = { To: '+15005550006', From: '+15017122661', Url: 'https://example.com/twiml' };
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as TwilioHttpError).code;
      }
      return undefined;
    };

    it('applies Twilio defaults', () => {
      const call = parseCreateCall(toParams(base));
      expect(call.record).toBe(false);
      expect(call.recordingChannels).toBe(1);
      expect([...call.statusCallbackEvents]).toEqual(['completed']);
      expect([...call.recordingStatusCallbackEvents]).toEqual(['completed']);
      expect(call.statusCallbackMethod).toBe('POST');
      expect(call.timeoutSeconds).toBe(60);
    });

    it('parses the recording options in both event encodings', () => {
      const call = parseCreateCall(
        toParams({
          ...base,
          Record: 'true',
          RecordingChannels: 'dual',
          RecordingStatusCallback: 'https://example.com/rec',
          RecordingStatusCallbackEvent: 'in-progress completed absent',
          RecordingStatusCallbackMethod: 'GET',
        }),
      );
      expect(call.record).toBe(true);
      expect(call.recordingChannels).toBe(2);
      expect([...call.recordingStatusCallbackEvents]).toEqual(['in-progress', 'completed', 'absent']);
      expect(call.recordingStatusCallbackMethod).toBe('GET');
    });

    it("uses Twilio's error codes", () => {
      expect(codeOf(() => parseCreateCall(toParams({ ...base, To: '5551234' })))).toBe(21211);
      expect(codeOf(() => parseCreateCall(toParams({ ...base, From: '+0123456789' })))).toBe(21212);
      expect(codeOf(() => parseCreateCall(toParams({ To: base.To, From: base.From })))).toBe(21205);
      expect(codeOf(() => parseCreateCall(toParams({ ...base, Url: undefined, Twiml: '<Response/>' })))).toBeUndefined();
      expect(codeOf(() => parseCreateCall(toParams({ ...base, RecordingChannels: 'stereo' })))).toBe(20001);
    });
  });
});
