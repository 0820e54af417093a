import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A phone number that cannot be read as a valid number; the message names the value. */
export class InvalidPhoneNumberError extends Error {
  public constructor(public readonly value: string) {
    super(`"${value}" is not a valid phone number`);
    this.name = 'InvalidPhoneNumberError';
  }
}

/**
 * The E.164 form of a phone number written in any common way ("(415) 555-0100",
 * "+44 20 7946 0958", "0044…"). National numbers are read in `region`. The full metadata is
 * used, so a number of the right length in an unassigned range is refused too.
 */
export function toE164(value: string, region: string): string {
  const text = value.trim();
  const parsed = text.length > 0 && text.length <= 64 ? parsePhoneNumberFromString(text, region as CountryCode) : undefined;
  if (!parsed || !parsed.isValid()) throw new InvalidPhoneNumberError(value);
  return parsed.number;
}
