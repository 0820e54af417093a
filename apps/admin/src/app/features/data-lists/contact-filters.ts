import { Params } from '@angular/router';
import { ContactSearchQuery, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@callrec/contracts';
import { PagedFilters } from '../../core/paging/url-paged-list';

/** A list's contacts as the URL holds them: `?phone=…&page=…&pageSize=…`. */
export interface ContactFilters extends PagedFilters {
  /** Digits the number contains, optionally after a `+`; empty for every contact. */
  readonly phone: string;
}

export const CONTACT_PAGE_SIZES = [25, 50, 100];

export function contactFiltersFromParams(params: Params): ContactFilters {
  const phone = typeof params['phone'] === 'string' ? params['phone'] : '';
  return {
    phone: /^\+?\d+$/.test(phone) ? phone : '',
    page: positive(params['page'], 1, Number.MAX_SAFE_INTEGER),
    pageSize: positive(params['pageSize'], DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** Defaults are left out, so a plain list has a plain address. */
export function contactFiltersToParams(filters: ContactFilters): Params {
  return {
    phone: filters.phone || null,
    page: filters.page > 1 ? filters.page : null,
    pageSize: filters.pageSize !== DEFAULT_PAGE_SIZE ? filters.pageSize : null,
  };
}

export function toContactQuery(dataListId: string, filters: ContactFilters): ContactSearchQuery {
  return { dataListId, ...(filters.phone ? { phone: filters.phone } : {}), page: filters.page, pageSize: filters.pageSize };
}

/** What a person typed in the search box, as the API takes it: digits, and a leading `+` kept. */
export function phoneSearchTerm(typed: string): string | null {
  const compact = typed.replace(/[\s().-]/g, '');
  return compact === '' || /^\+?\d+$/.test(compact) ? compact : null;
}

function positive(value: unknown, fallback: number, max: number): number {
  const parsed = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(parsed) && parsed >= 1 ? Math.min(parsed, max) : fallback;
}
