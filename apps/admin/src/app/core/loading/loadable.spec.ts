import { HttpErrorResponse } from '@angular/common/http';
import { firstValueFrom, of, throwError } from 'rxjs';
import { LOADING, loaded, loadedValue, loadError, patchLoaded, toLoadable } from './loadable';

describe('Loadable', () => {
  it('turns an answer into a loaded value and a failure into the sentence a person reads', async () => {
    expect(await firstValueFrom(of([1, 2]).pipe(toLoadable()))).toEqual({ kind: 'ready', value: [1, 2] });
    const refused = new HttpErrorResponse({ status: 403, error: { statusCode: 403, message: 'This needs the role ADMIN' } });
    expect(await firstValueFrom(throwError(() => refused).pipe(toLoadable()))).toEqual({
      kind: 'error',
      message: 'This needs the role ADMIN',
      status: 403,
    });
  });

  it('reads the value or the message without a switch on kind', () => {
    expect(loadedValue(loaded('x'))).toBe('x');
    expect(loadedValue(LOADING)).toBeNull();
    expect(loadError({ kind: 'error', message: 'Down' })).toBe('Down');
    expect(loadError(loaded('x'))).toBe('');
  });

  it('patches a loaded value and leaves a load in flight or failed alone', () => {
    const failed = { kind: 'error', message: 'Down' } as const;
    expect(patchLoaded(loaded([1, 2]), (values) => [...values, 3])).toEqual(loaded([1, 2, 3]));
    expect(patchLoaded<number[]>(LOADING, (values) => [...values, 3])).toBe(LOADING);
    expect(patchLoaded<number[]>(failed, (values) => [...values, 3])).toBe(failed);
  });
});
