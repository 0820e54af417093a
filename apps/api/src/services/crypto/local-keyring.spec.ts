import { randomBytes } from 'node:crypto';
import { SecretKey } from '../config/encryption-settings';
import { KeyUnwrapError, UnknownKekError } from './key-encryption';
import { LocalKeyring } from './local-keyring';

const entry = (id: string) => ({ id, key: new SecretKey(randomBytes(32)) });

describe('LocalKeyring', () => {
  it('wraps under the first key and unwraps under any key it holds', async () => {
    const k1 = entry('k1');
    const k2 = entry('k2');
    const dek = randomBytes(32);
    const wrapped = await new LocalKeyring([k1]).wrap(dek, 'rec-1');
    expect(wrapped.kekId).toBe('k1');
    expect(wrapped.wrapped.includes(dek)).toBe(false);
    const rotated = new LocalKeyring([k2, k1]);
    expect(rotated.activeKekId).toBe('k2');
    expect(await rotated.unwrap(wrapped, 'rec-1')).toEqual(dek);
  });

  it('refuses a key it does not hold, another context, and altered bytes', async () => {
    const wrapped = await new LocalKeyring([entry('k1')]).wrap(randomBytes(32), 'rec-1');
    await expect(new LocalKeyring([entry('k2')]).unwrap(wrapped, 'rec-1')).rejects.toThrow(UnknownKekError);
    const same = new LocalKeyring([entry('k1')]);
    await expect(same.unwrap(wrapped, 'rec-1')).rejects.toThrow(KeyUnwrapError);
  });

  it('binds a wrapped key to its recording', async () => {
    const keyring = new LocalKeyring([entry('k1')]);
    const wrapped = await keyring.wrap(randomBytes(32), 'rec-1');
    await expect(keyring.unwrap(wrapped, 'rec-2')).rejects.toThrow(KeyUnwrapError);
    const altered = { ...wrapped, wrapped: Buffer.from(wrapped.wrapped) };
    altered.wrapped[20] ^= 1;
    await expect(keyring.unwrap(altered, 'rec-1')).rejects.toThrow(KeyUnwrapError);
  });

  it('is off without keys', () => {
    expect(new LocalKeyring([]).activeKekId).toBeNull();
  });
});
