import { computed, Injectable, signal } from '@angular/core';
import { AuthUser, LoginResponse, MfaChallengeResponse, ROLES } from '@callrec/contracts';

export interface AuthSession {
  accessToken: string;
  /** Epoch milliseconds after which the API will refuse the token. */
  expiresAt: number;
  user: AuthUser;
}

export const SESSION_STORAGE_KEY = 'callrec.session';

/** A right password that still needs its second step (design 9.9): the code, or enrolment. */
export interface MfaChallenge {
  mfaToken: string;
  /** The role requires a second factor this account has not set up: it sets one up now. */
  enrolmentRequired: boolean;
  email: string;
  /** Epoch milliseconds after which the API refuses the token: the password is asked again. */
  expiresAt: number;
}

/**
 * The signed-in session. Kept in sessionStorage so a reload keeps the user signed in, while
 * closing the tab ends the session: recordings are sensitive, so nothing outlives the tab.
 */
@Injectable({ providedIn: 'root' })
export class AuthSessionStore {
  private readonly session = signal<AuthSession | null>(readStoredSession());
  // In memory only: a reload asks for the password again, and the token never reaches storage.
  private readonly challenge = signal<MfaChallenge | null>(null);

  public readonly user = computed(() => this.session()?.user ?? null);
  public readonly role = computed(() => this.session()?.user.role ?? null);
  public readonly accessToken = computed(() => this.session()?.accessToken ?? null);
  /** Set between a right password and its second step. */
  public readonly mfaChallenge = this.challenge.asReadonly();

  /** Checked at call time rather than as a signal, because expiry depends on the clock. */
  public isSignedIn(now = Date.now()): boolean {
    const session = this.session();
    return session !== null && session.expiresAt > now;
  }

  /** The password was right; a code (or enrolment) completes the sign-in. */
  public awaitSecondFactor(response: MfaChallengeResponse, email: string, now = Date.now()): void {
    this.challenge.set({
      mfaToken: response.mfaToken,
      enrolmentRequired: response.enrolmentRequired === true,
      email,
      expiresAt: now + response.expiresIn * 1000,
    });
  }

  /** Back to the password: the token is forgotten (the API lets it expire). */
  public cancelSecondFactor(): void {
    this.challenge.set(null);
  }

  public start(response: LoginResponse, now = Date.now()): void {
    this.challenge.set(null);
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
      // Only what a session keeps: `GET /api/auth/me` answers more (second-factor status).
      this.save({ ...session, user: { id: user.id, email: user.email, name: user.name, role: user.role } });
    }
  }

  public clear(): void {
    this.challenge.set(null);
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
