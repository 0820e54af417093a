import { computed, Injectable, signal } from '@angular/core';
import { AuthUser, LoginResponse, ROLES } from '@callrec/contracts';

export interface AuthSession {
  accessToken: string;
  /** Epoch milliseconds after which the API will refuse the token. */
  expiresAt: number;
  user: AuthUser;
}

export const SESSION_STORAGE_KEY = 'callrec.session';

/**
 * The signed-in session. Kept in sessionStorage so a reload keeps the user signed in, while
 * closing the tab ends the session: recordings are sensitive, so nothing outlives the tab.
 */
@Injectable({ providedIn: 'root' })
export class AuthSessionStore {
  private readonly session = signal<AuthSession | null>(readStoredSession());

  public readonly user = computed(() => this.session()?.user ?? null);
  public readonly role = computed(() => this.session()?.user.role ?? null);
  public readonly accessToken = computed(() => this.session()?.accessToken ?? null);

  /** Checked at call time rather than as a signal, because expiry depends on the clock. */
  public isSignedIn(now = Date.now()): boolean {
    const session = this.session();
    return session !== null && session.expiresAt > now;
  }

  public start(response: LoginResponse, now = Date.now()): void {
    this.save({
      accessToken: response.accessToken,
      expiresAt: now + response.expiresIn * 1000,
      user: response.user,
    });
  }

  /** The API is the authority on name and role; an admin may have changed either. */
  public updateUser(user: AuthUser): void {
    const session = this.session();
    if (session) {
      this.save({ ...session, user });
    }
  }

  public clear(): void {
    this.session.set(null);
    safeStorage()?.removeItem(SESSION_STORAGE_KEY);
  }

  private save(session: AuthSession): void {
    this.session.set(session);
    safeStorage()?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  }
}

function readStoredSession(): AuthSession | null {
  const raw = safeStorage()?.getItem(SESSION_STORAGE_KEY);
  if (!raw) {
    return null;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<AuthSession>;
    return isSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isSession(value: Partial<AuthSession>): value is AuthSession {
  const user = value.user;
  return (
    typeof value.accessToken === 'string' &&
    typeof value.expiresAt === 'number' &&
    typeof user?.id === 'string' &&
    typeof user.name === 'string' &&
    typeof user.email === 'string' &&
    (ROLES as readonly string[]).includes(user.role)
  );
}

/** Storage can be disabled by browser policy; the app then works for one page load. */
function safeStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
