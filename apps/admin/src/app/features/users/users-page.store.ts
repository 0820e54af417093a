import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Role, UpdateUserRequest, UserDto } from '@callrec/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiErrorMessage } from '../../core/http/api-error';
import { Notifier } from '../../core/notifications/notifier';
import { LOADING, Loadable, loadedValue, loadError, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { ROLE_LABELS } from '../../core/roles/role-labels';
import { UsersApiService } from '../../data-access/users-api.service';

/** State and actions of the Users page; provided by the page so it lives as long as the page. */
@Injectable()
export class UsersPageStore {
  private readonly api = inject(UsersApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private readonly session = inject(AuthSessionStore);

  private readonly list = signal<Loadable<UserDto[]>>(LOADING);
  private readonly all = computed(() => loadedValue(this.list()) ?? []);
  private readonly busyIds = signal<ReadonlySet<string>>(new Set());

  public readonly status = computed(() => this.list().kind);
  public readonly loadError = computed(() => loadError(this.list()));
  public readonly filter = signal('');
  public readonly users = this.all;
  public readonly currentUserId = computed(() => this.session.user()?.id ?? null);
  public readonly activeCount = computed(() => this.all().filter((u) => u.active).length);
  public readonly visible = computed(() => {
    const needle = this.filter().trim().toLowerCase();
    return needle ? this.all().filter((u) => `${u.name} ${u.email}`.toLowerCase().includes(needle)) : this.all();
  });

  public load(): void {
    this.list.set(LOADING);
    this.api
      .list()
      .pipe(toLoadable(), takeUntilDestroyed(this.destroyRef))
      .subscribe((load) => this.list.set(load));
  }

  public isBusy(id: string): boolean {
    return this.busyIds().has(id);
  }

  /** A user created elsewhere (the dialog) joins the list where the API would have put it. */
  public added(user: UserDto): void {
    this.list.update((load) => patchLoaded(load, (users) => [...users.filter((u) => u.id !== user.id), user].sort(byActiveThenName)));
  }

  /** Resolves false when the API refused, so a control showing the new value can roll back. */
  public changeRole(user: UserDto, role: Role): Promise<boolean> {
    return this.update(user, { role }, `${user.name} is now ${ROLE_LABELS[role]}`);
  }

  public setActive(user: UserDto, active: boolean): Promise<boolean> {
    const done = active ? `${user.name} can sign in again` : `${user.name} is deactivated and can no longer sign in`;
    return this.update(user, { active }, done);
  }

  /** After an ADMIN reset the user's second factor (the dialog made the request). */
  public twoFactorReset(user: UserDto): void {
    this.list.update((load) => patchLoaded(load, (users) => users.map((u) => (u.id === user.id ? { ...u, twoFactorEnabled: false } : u))));
    this.notifier.success(`${user.name}'s second factor was reset; their sessions have ended`);
  }

  private async update(user: UserDto, change: UpdateUserRequest, done: string): Promise<boolean> {
    if (this.isBusy(user.id)) {
      return false;
    }
    this.setBusy(user.id, true);
    try {
      const updated = await firstValueFrom(this.api.update(user.id, change));
      // Rows keep their place: re-sorting under the cursor would move what was just clicked.
      this.list.update((load) => patchLoaded(load, (users) => users.map((u) => (u.id === updated.id ? updated : u))));
      this.notifier.success(done);
      return true;
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
      return false;
    } finally {
      this.setBusy(user.id, false);
    }
  }

  private setBusy(id: string, busy: boolean): void {
    this.busyIds.update((ids) => {
      const next = new Set(ids);
      if (busy) {
        next.add(id);
      } else {
        next.delete(id);
      }
      return next;
    });
  }
}

/** The API's order: active accounts first, then by name. */
function byActiveThenName(a: UserDto, b: UserDto): number {
  return Number(b.active) - Number(a.active) || a.name.localeCompare(b.name);
}
