import { asError, errorMessage } from './error-message';

describe('errorMessage', () => {
  it("reads an Error's own message, subclasses included", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(new TypeError('not a function'))).toBe('not a function');
    expect(errorMessage(new Error(''))).toBe('');
  });

  it('reads an object that carries a string message as an Error (one from another realm)', () => {
    expect(errorMessage({ name: 'Error', message: 'from a sandbox' })).toBe('from a sandbox');
  });

  it('gives a thrown string as it is', () => {
    expect(errorMessage('NOSCRIPT No matching script')).toBe('NOSCRIPT No matching script');
  });

  it('gives any other throwable as text rather than undefined', () => {
    expect(errorMessage({ code: 'ECONNREFUSED', port: 5432 })).toBe('{"code":"ECONNREFUSED","port":5432}');
    expect(errorMessage({ message: 42 })).toBe('{"message":42}');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage(10n)).toBe('10');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(errorMessage(circular)).toBe('[object Object]');
  });
});

describe('asError', () => {
  it('returns an Error as it is, stack and name included', () => {
    const error = new RangeError('out of range');
    expect(asError(error)).toBe(error);
  });

  it('wraps anything else in an Error whose message is errorMessage', () => {
    const wrapped = asError('plain text');
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toBe('plain text');
    expect(asError({ code: 7 }).message).toBe('{"code":7}');
    expect(asError(undefined).message).toBe('undefined');
  });
});
