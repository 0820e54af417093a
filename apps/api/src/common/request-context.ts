import { Role } from '@callrec/contracts';

/** The signed-in user as guards attach it to the request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
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
