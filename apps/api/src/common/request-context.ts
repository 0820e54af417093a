import { AccessRole } from '@callrec/contracts';

/**
 * Whoever the guard admitted: a signed-in user, or a machine with an API key (then `id` is the
 * key's, `role` DIALER or READER, and the request's context carries `apiKey`: see personIdOf).
 */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: AccessRole;
}

/** The machine credential behind a request made with an API key (design 9.10). */
export interface RequestApiKey {
  id: string;
  name: string;
}

/** The session behind the request's token, as the guard found it live. */
export interface RequestSession {
  id: string;
  /** When its token stops working, epoch milliseconds. */
  expiresAt: number;
}

/** Who is asking and from where: what every audit event needs. */
export interface RequestContext {
  user?: AuthUser;
  /** Set when the caller is a machine with an API key; audit events then name the key. */
  apiKey?: RequestApiKey;
  /** The signed-in session, where the request was made with one. */
  sessionId?: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The person behind the request, for columns that point at a User (createdById, changedById,
 * an audit event's actor): null for a machine, whose key is named by the event's apiKeyId.
 */
export function personIdOf(context: RequestContext): string | null {
  return context.apiKey ? null : (context.user?.id ?? null);
}
