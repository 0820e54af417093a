import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DataListDto, Role, ROLE_CAPABILITIES } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { LOADING, Loadable, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { DataListsApiService } from '../../data-access/data-lists-api.service';

/** The Data lists page's state; provided by the page so it lives as long as the page. */
@Injectable()
export class DataListsPageStore {
  private readonly api = inject(DataListsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly session = inject(AuthSessionStore);

  public readonly lists = signal<Loadable<DataListDto[]>>(LOADING);
  /** COMPLIANCE and SUPERVISOR read the lists; only an ADMIN changes them. */
  public readonly canEdit = computed(() => canEditDataLists(this.session.role()));

  public load(): void {
    if (this.lists().kind === 'error') {
      this.lists.set(LOADING);
    }
    this.api
      .summary()
      .pipe(toLoadable(), takeUntilDestroyed(this.destroyRef))
      .subscribe((load) => this.lists.set(load));
  }

  /** A list saved in the dialog takes its place in the table, by name like the API orders them. */
  public saved(list: DataListDto): void {
    this.lists.update((load) =>
      patchLoaded(load, (lists) => [...lists.filter((l) => l.id !== list.id), list].sort((a, b) => a.name.localeCompare(b.name))),
    );
  }
}

export function canEditDataLists(role: Role | null): boolean {
  return role !== null && ROLE_CAPABILITIES[role].admin;
}
