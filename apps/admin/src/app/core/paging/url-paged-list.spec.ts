import { HttpErrorResponse } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Page } from '@callrec/contracts';
import { Subject } from 'rxjs';
import { settle } from '../../testing/settle';
import { urlPagedList } from './url-paged-list';

interface Filters {
  readonly page: number;
  readonly pageSize: number;
  readonly q: string;
}

interface Fetch {
  readonly filters: Filters;
  readonly answer: Subject<Page<string>>;
}

let fetches: Fetch[] = [];
let arrivals: { items: string[]; previous: string[] | null; quiet: boolean }[] = [];
const quietRefresh = new Subject<void>();

@Component({ template: '' })
class ListHost {
  public readonly list = urlPagedList<Filters, string>({
    fromParams: (params) => ({
      page: Number(params['page'] ?? 1),
      pageSize: Number(params['pageSize'] ?? 25),
      q: String(params['q'] ?? ''),
    }),
    toParams: (filters) => ({
      page: filters.page > 1 ? filters.page : null,
      pageSize: filters.pageSize !== 25 ? filters.pageSize : null,
      q: filters.q || null,
    }),
    fetch: (filters) => {
      const answer = new Subject<Page<string>>();
      fetches.push({ filters, answer });
      return answer;
    },
    quietRefresh,
    arrived: (page, previous, quiet) => arrivals.push({ items: page.items, previous: previous?.items ?? null, quiet }),
  });
}

function page(items: string[], total = items.length): Page<string> {
  return { items, total, page: 1, pageSize: 25 };
}

describe('urlPagedList', () => {
  let list: ListHost['list'];

  beforeEach(async () => {
    fetches = [];
    arrivals = [];
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'list', component: ListHost }])] });
    const harness = await RouterTestingHarness.create();
    list = (await harness.navigateByUrl('/list?page=2&q=jane', ListHost)).list;
    await settle();
  });

  const last = (): Fetch => fetches[fetches.length - 1];
  const answer = (items: string[], total?: number) => {
    last().answer.next(page(items, total));
    last().answer.complete();
  };

  it('loads the page the URL names, and keeps its rows on screen while the next one loads', async () => {
    expect(fetches.map((fetch) => fetch.filters)).toEqual([{ page: 2, pageSize: 25, q: 'jane' }]);
    expect(list.status()).toBe('loading');
    answer(['a', 'b'], 27);
    expect(list.status()).toBe('ready');
    expect(list.rows()).toEqual(['a', 'b']);
    expect(list.total()).toBe(27);

    list.turnPage({ pageIndex: 2, pageSize: 25 });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/list?page=3&q=jane');
    expect(last().filters).toEqual({ page: 3, pageSize: 25, q: 'jane' });
    expect(list.status()).toBe('loading');
    expect(list.rows()).toEqual(['a', 'b']);
    answer(['c']);
    expect(arrivals).toEqual([
      { items: ['a', 'b'], previous: null, quiet: false },
      { items: ['c'], previous: ['a', 'b'], quiet: false },
    ]);
  });

  it('goes back to page 1 when the search or the page size changes', async () => {
    list.change({ q: 'alex' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/list?q=alex');
    list.turnPage({ pageIndex: 0, pageSize: 100 });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/list?pageSize=100&q=alex');
    expect(last().filters).toEqual({ page: 1, pageSize: 100, q: 'alex' });
  });

  it('says why a load failed, and Retry asks again for the same page', async () => {
    last().answer.error(new HttpErrorResponse({ status: 0 }));
    expect(list.status()).toBe('error');
    expect(list.errorMessage()).toContain('Cannot reach the server');

    list.reload();
    await settle();
    expect(fetches).toHaveLength(2);
    expect(last().filters).toEqual({ page: 2, pageSize: 25, q: 'jane' });
    expect(list.status()).toBe('loading');
  });

  it('refreshes quietly: no spinner, and a failed refresh keeps what is on screen', async () => {
    answer(['a']);
    quietRefresh.next();
    expect(fetches).toHaveLength(2);
    expect(list.status()).toBe('ready');
    last().answer.error(new HttpErrorResponse({ status: 500 }));
    expect(list.status()).toBe('ready');
    expect(list.rows()).toEqual(['a']);

    quietRefresh.next();
    answer(['a', 'new']);
    expect(list.rows()).toEqual(['a', 'new']);
    expect(arrivals[arrivals.length - 1]).toEqual({ items: ['a', 'new'], previous: ['a'], quiet: true });
  });
});
