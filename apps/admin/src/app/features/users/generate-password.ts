/** No 0/O or 1/l/I: the password may be read aloud or copied from a screen. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password from the browser's CSPRNG, grouped in fours for readability. */
export function generatePassword(groups = 4): string {
  const bytes = new Uint8Array(groups * 4);
  crypto.getRandomValues(bytes);
  // 256 is not a multiple of the alphabet size; the slight bias costs under a bit of entropy.
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]);
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += 4) {
    parts.push(chars.slice(i, i + 4).join(''));
  }
  return parts.join('-');
}
