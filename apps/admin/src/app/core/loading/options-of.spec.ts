import { TestBed } from '@angular/core/testing';
import { Subject, throwError } from 'rxjs';
import { optionsOf } from './options-of';

describe('optionsOf', () => {
  it('is empty until the choices arrive, then holds them', () => {
    const request = new Subject<string[]>();
    const options = TestBed.runInInjectionContext(() => optionsOf(request));
    expect(options()).toEqual([]);
    request.next(['Ada', 'Grace']);
    expect(options()).toEqual(['Ada', 'Grace']);
  });

  it('stays empty when the request fails, so the select never blocks its page', () => {
    const options = TestBed.runInInjectionContext(() => optionsOf<string>(throwError(() => new Error('503'))));
    expect(options()).toEqual([]);
  });
});
