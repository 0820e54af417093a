import { Role } from '@callrec/contracts';

/** The signed-in user as guards attach it to the request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Who is asking and from where: what every audit event needs. */
export interface RequestContext {
  user?: AuthUser;
  ip: string | null;
  userAgent: string | null;
}
