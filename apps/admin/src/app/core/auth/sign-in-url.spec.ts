import { safeReturnUrl } from './sign-in-url';

describe('safeReturnUrl', () => {
  it.each([
    ['/users', '/users'],
    ['/users?page=2', '/users?page=2'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/sign-in?returnUrl=%2F', '/'],
  ])('turns %p into %p', (candidate, expected) => {
    expect(safeReturnUrl(candidate)).toBe(expected);
  });
});
