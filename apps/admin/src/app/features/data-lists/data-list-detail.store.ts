import { computed, DestroyRef, inject, Injectable, signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { ContactDto, ContactImportDto, DataListDto } from '@callrec/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { map, Observable } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { LOADING, Loadable, loaded, toLoadable } from '../../core/loading/loadable';
import { urlPagedList } from '../../core/paging/url-paged-list';
import { ContactImportsApiService } from '../../data-access/contact-imports-api.service';
import { ContactsApiService } from '../../data-access/contacts-api.service';
import { DataListsApiService } from '../../data-access/data-lists-api.service';
import { ContactFilters, contactFiltersFromParams, contactFiltersToParams, toContactQuery } from './contact-filters';
import { canEditDataLists } from './data-lists-page.store';

/**
 * One data list's page: the list, its contacts (paged and searched through the URL) and its
 * imports. The page is left for another list only through the Data lists page, so the id is
 * read once.
 */
@Injectable()
export class DataListDetailStore {
  private readonly listsApi = inject(DataListsApiService);
  private readonly importsApi = inject(ContactImportsApiService);
  private readonly contactsApi = inject(ContactsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly session = inject(AuthSessionStore);

  public readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';
  public readonly list = signal<Loadable<DataListDto>>(LOADING);
  public readonly imports = signal<Loadable<ContactImportDto[]>>(LOADING);
  public readonly canEdit = computed(() => canEditDataLists(this.session.role()));
  public readonly contacts = urlPagedList<ContactFilters, ContactDto>({
    fromParams: contactFiltersFromParams,
    toParams: contactFiltersToParams,
    fetch: (filters) => this.contactsApi.search(toContactQuery(this.id, filters)),
  });

  /**
   * `GET /data-lists/:id` is an ADMIN's; COMPLIANCE and SUPERVISOR read the same list from
   * the summary they may read.
   */
  public loadList(): void {
    const list = this.canEdit()
      ? this.listsApi.get(this.id)
      : this.listsApi.summary().pipe(
          map((lists) => {
            const found = lists.find((candidate) => candidate.id === this.id);
            if (!found) {
              throw notFound();
            }
            return found;
          }),
        );
    this.fetch(list, this.list);
  }

  /** COMPLIANCE and SUPERVISOR may not list imports: the panel is an ADMIN's only. */
  public loadImports(): void {
    if (this.canEdit()) {
      this.fetch(this.importsApi.forList(this.id), this.imports);
    }
  }

  public saved(list: DataListDto): void {
    this.list.set(loaded(list));
  }

  /** An import ended: the list's count, its contacts and its imports have all moved. */
  public importFinished(): void {
    this.loadList();
    this.loadImports();
    this.contacts.reload();
  }

  private fetch<T>(source: Observable<T>, target: WritableSignal<Loadable<T>>): void {
    // A reload keeps what is on screen; only the first load shows the skeleton.
    if (target().kind === 'error') {
      target.set(LOADING);
    }
    source.pipe(toLoadable(), takeUntilDestroyed(this.destroyRef)).subscribe((load) => target.set(load));
  }
}

function notFound(): HttpErrorResponse {
  return new HttpErrorResponse({
    status: 404,
    statusText: 'Not Found',
    error: { statusCode: 404, error: 'Not Found', message: 'This data list does not exist, or no longer does.' },
  });
}
