import { TestBed } from '@angular/core/testing';
import { authUser, loginResponse } from '../../testing/fixtures';
import { AuthSessionStore, SESSION_STORAGE_KEY } from './auth-session.store';

describe('AuthSessionStore', () => {
  beforeEach(() => sessionStorage.clear());

  function freshStore(): AuthSessionStore {
    TestBed.resetTestingModule();
    return TestBed.inject(AuthSessionStore);
  }

  it('starts signed out when nothing is stored', () => {
    const store = freshStore();
    expect(store.isSignedIn()).toBe(false);
    expect(store.user()).toBeNull();
    expect(store.accessToken()).toBeNull();
  });

  it('keeps a started session in sessionStorage so a reload stays signed in', () => {
    freshStore().start(loginResponse('COMPLIANCE'));

    const reloaded = freshStore();
    expect(reloaded.isSignedIn()).toBe(true);
    expect(reloaded.role()).toBe('COMPLIANCE');
    expect(reloaded.accessToken()).toBe('token-for-compliance');
  });

  it('treats a session past its expiry as signed out', () => {
    const store = freshStore();
    store.start(loginResponse('ADMIN', 60), 1_000_000);

    expect(store.isSignedIn(1_000_000 + 59_000)).toBe(true);
    expect(store.isSignedIn(1_000_000 + 60_000)).toBe(false);
  });

  it('forgets everything on clear', () => {
    const store = freshStore();
    store.start(loginResponse());
    store.clear();

    expect(store.user()).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores stored data it cannot trust', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, '{"accessToken":"x","expiresAt":1,"user":{"role":"ROOT"}}');
    expect(freshStore().user()).toBeNull();
    sessionStorage.setItem(SESSION_STORAGE_KEY, 'not json');
    expect(freshStore().user()).toBeNull();
  });

  it('takes a renamed or re-roled user from the API', () => {
    const store = freshStore();
    store.start(loginResponse('SUPERVISOR'));
    store.updateUser({ ...authUser('SUPERVISOR'), name: 'New Name', role: 'COMPLIANCE' });

    expect(freshStore().user()).toMatchObject({ name: 'New Name', role: 'COMPLIANCE' });
  });
});

describe('AuthSessionStore between a password and its second factor', () => {
  beforeEach(() => sessionStorage.clear());

  function freshStore(): AuthSessionStore {
    TestBed.resetTestingModule();
    return TestBed.inject(AuthSessionStore);
  }

  it('holds the challenge in memory only, not signed in, until the session starts', () => {
    const store = freshStore();
    store.awaitSecondFactor({ mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300 }, 'jane@example.com', 1_000_000);

    expect(store.mfaChallenge()).toEqual({ mfaToken: 'mfa-1', enrolmentRequired: false, email: 'jane@example.com', expiresAt: 1_300_000 });
    expect(store.isSignedIn()).toBe(false);
    expect(JSON.stringify(sessionStorage)).not.toContain('mfa-1');
    expect(freshStore().mfaChallenge()).toBeNull();

    store.start(loginResponse('SUPERVISOR'));
    expect(store.mfaChallenge()).toBeNull();
    expect(store.isSignedIn()).toBe(true);
  });

  it('says when enrolment is required, and forgets the challenge on cancel', () => {
    const store = freshStore();
    store.awaitSecondFactor({ mfaRequired: true, mfaToken: 'mfa-2', expiresIn: 300, enrolmentRequired: true }, 'a@example.com');
    expect(store.mfaChallenge()?.enrolmentRequired).toBe(true);
    store.cancelSecondFactor();
    expect(store.mfaChallenge()).toBeNull();
  });

  it('keeps only the account fields of what /api/auth/me answers', () => {
    const store = freshStore();
    store.start(loginResponse('ADMIN'));
    store.updateUser({ ...authUser('ADMIN'), twoFactorEnabled: true, twoFactorRequired: false } as ReturnType<typeof authUser>);
    expect(Object.keys(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY) ?? '{}').user).sort()).toEqual([
      'email',
      'id',
      'name',
      'role',
    ]);
  });
});
