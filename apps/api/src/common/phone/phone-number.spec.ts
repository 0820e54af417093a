import { InvalidPhoneNumberError, toE164 } from './phone-number';

describe('toE164', () => {
  it('reads national numbers in the default region and international ones as written', () => {
    expect(toE164('(201) 555-0123', 'US')).toBe('+12015550123');
    expect(toE164('+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164(' +1 201-555-0123 ', 'GB')).toBe('+12015550123');
  });

  it('refuses what is not a valid number, naming the value', () => {
    for (const bad of ['', 'call me', '12', '+1 555', '+999 1234567', '1'.repeat(80)]) {
      expect(() => toE164(bad, 'US')).toThrow(InvalidPhoneNumberError);
    }
    expect(() => toE164('12', 'US')).toThrow('"12" is not a valid phone number');
  });
});
