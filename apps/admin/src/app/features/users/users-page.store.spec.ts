import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiError, loginResponse, userDto } from '../../testing/fixtures';
import { UsersPageStore } from './users-page.store';

describe('UsersPageStore', () => {
  let store: UsersPageStore;
  let backend: HttpTestingController;

  const admin = userDto({ id: 'u-admin', name: 'Alex Admin', email: 'alex@example.com', role: 'ADMIN' });
  const jane = userDto({ id: 'u-jane', name: 'Jane Doe', email: 'jane@example.com', role: 'SUPERVISOR' });
  const old = userDto({ id: 'u-old', name: 'Old Timer', email: 'old@example.com', role: 'AGENT', active: false });

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), UsersPageStore],
    });
    TestBed.inject(AuthSessionStore).start({ ...loginResponse('ADMIN'), user: { ...admin } });
    store = TestBed.inject(UsersPageStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  function loaded(users = [admin, jane, old]): void {
    store.load();
    backend.expectOne('/api/users').flush(users);
  }

  it('loads the users and counts the active ones', () => {
    store.load();
    expect(store.status()).toBe('loading');
    backend.expectOne('/api/users').flush([admin, jane, old]);

    expect(store.status()).toBe('ready');
    expect(store.users()).toHaveLength(3);
    expect(store.activeCount()).toBe(2);
    expect(store.currentUserId()).toBe('u-admin');
  });

  it('keeps the API message when loading fails', () => {
    store.load();
    backend.expectOne('/api/users').flush(apiError(403, 'This needs the role ADMIN'), {
      status: 403,
      statusText: 'Forbidden',
    });

    expect(store.status()).toBe('error');
    expect(store.loadError()).toBe('This needs the role ADMIN');
  });

  it('filters by name or email, ignoring case and surrounding spaces', () => {
    loaded();
    store.filter.set('  JANE ');
    expect(store.visible().map((u) => u.id)).toEqual(['u-jane']);
    store.filter.set('example.com');
    expect(store.visible()).toHaveLength(3);
    store.filter.set('nobody');
    expect(store.visible()).toEqual([]);
  });

  it('puts a new user where the API would list it', () => {
    loaded();
    store.added(userDto({ id: 'u-bob', name: 'Bob Builder', active: true }));

    expect(store.users().map((u) => u.name)).toEqual(['Alex Admin', 'Bob Builder', 'Jane Doe', 'Old Timer']);
  });

  it('changes a role and reports success', async () => {
    loaded();
    const done = store.changeRole(jane, 'COMPLIANCE');
    expect(store.isBusy('u-jane')).toBe(true);

    const request = backend.expectOne('/api/users/u-jane');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ role: 'COMPLIANCE' });
    request.flush({ ...jane, role: 'COMPLIANCE' });

    await expect(done).resolves.toBe(true);
    expect(store.users().find((u) => u.id === 'u-jane')?.role).toBe('COMPLIANCE');
    expect(store.isBusy('u-jane')).toBe(false);
  });

  it('reports a refused change so the row can roll back, and leaves the list alone', async () => {
    loaded();
    const done = store.changeRole(admin, 'SUPERVISOR');
    backend
      .expectOne('/api/users/u-admin')
      .flush(apiError(409, 'This is the last active ADMIN; make another user ADMIN first', 'Conflict'), {
        status: 409,
        statusText: 'Conflict',
      });

    await expect(done).resolves.toBe(false);
    expect(store.users().find((u) => u.id === 'u-admin')?.role).toBe('ADMIN');
    expect(store.isBusy('u-admin')).toBe(false);
  });

  it('deactivates and reactivates without reordering rows', async () => {
    loaded();
    const deactivated = store.setActive(jane, false);
    const request = backend.expectOne('/api/users/u-jane');
    expect(request.request.body).toEqual({ active: false });
    request.flush({ ...jane, active: false });
    await expect(deactivated).resolves.toBe(true);

    expect(store.users().map((u) => u.id)).toEqual(['u-admin', 'u-jane', 'u-old']);
    expect(store.activeCount()).toBe(1);

    const reactivated = store.setActive(old, true);
    backend.expectOne('/api/users/u-old').flush({ ...old, active: true });
    await expect(reactivated).resolves.toBe(true);
    expect(store.activeCount()).toBe(2);
  });

  it('ignores a second change to a row that is still saving', async () => {
    loaded();
    const first = store.changeRole(jane, 'AGENT');
    await expect(store.setActive(jane, false)).resolves.toBe(false);

    backend.expectOne('/api/users/u-jane').flush({ ...jane, role: 'AGENT' });
    await expect(first).resolves.toBe(true);
  });
});
