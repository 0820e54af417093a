import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Role } from '@callrec/contracts';
import { RedisService } from '../../../services/redis/redis.service';
import { PendingAuthorization } from './oidc-client.service';

/** How long a person may take at the provider (password, MFA, consent) before coming back. */
const PENDING_TTL_SECONDS = 10 * 60;
/** How long the sign-in page has to exchange the one-time code for its token. */
const COMPLETION_TTL_SECONDS = 60;
const CODE_FORMAT = /^[A-Za-z0-9_-]{32}$/;
/** openid-client's random values are 43 base64url characters; anything else was never ours. */
const STATE_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

export interface PendingSignIn extends PendingAuthorization {
  /** Where the admin goes once signed in (an in-app path, checked again by the sign-in page). */
  returnUrl?: string;
}

/** A session opened by a single sign-on, waiting for the sign-in page to collect its token. */
export interface CompletedSignIn {
  userId: string;
  role: Role;
  session: { id: string; expiresAt: string };
  returnUrl?: string;
}

const pendingKey = (state: string) => `callrec:oidc:pending:${state}`;
const completedKey = (code: string) => `callrec:oidc:completed:${code}`;

/**
 * Both halves of the browser's round trip, in Redis so any replica can finish what another
 * started. Each entry is taken with GETDEL: a state or a code works once, and only for a while.
 * The state is the key, so a callback whose state we never issued (forged) or already used
 * (replayed) finds nothing.
 */
@Injectable()
export class OidcFlowStore {
  public constructor(private readonly redis: RedisService) {}

  public async savePending(pending: PendingSignIn): Promise<void> {
    await this.redis.client.set(pendingKey(pending.state), JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS);
  }

  public async takePending(state: string): Promise<PendingSignIn | null> {
    if (!STATE_FORMAT.test(state)) return null;
    const stored = await this.redis.client.getdel(pendingKey(state));
    return stored ? (JSON.parse(stored) as PendingSignIn) : null;
  }

  /** Returns the one-time code the browser carries back to the sign-in page. */
  public async saveCompleted(completed: CompletedSignIn): Promise<string> {
    const code = randomBytes(24).toString('base64url');
    await this.redis.client.set(completedKey(code), JSON.stringify(completed), 'EX', COMPLETION_TTL_SECONDS);
    return code;
  }

  public async takeCompleted(code: string): Promise<CompletedSignIn | null> {
    if (!CODE_FORMAT.test(code)) return null;
    const stored = await this.redis.client.getdel(completedKey(code));
    return stored ? (JSON.parse(stored) as CompletedSignIn) : null;
  }
}
