import { Role } from './enums';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: AuthUser;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** What each role may do, as the admin's navigation and the API guards both need it. */
export const ROLE_CAPABILITIES: Record<
  Role,
  {
    readCalls: boolean;
    play: boolean;
    download: boolean;
    audit: boolean;
    holds: boolean;
    admin: boolean;
  }
> = {
  ADMIN: { readCalls: true, play: true, download: true, audit: true, holds: true, admin: true },
  COMPLIANCE: { readCalls: true, play: true, download: true, audit: true, holds: true, admin: false },
  SUPERVISOR: { readCalls: true, play: true, download: false, audit: false, holds: false, admin: false },
  AGENT: { readCalls: false, play: false, download: false, audit: false, holds: false, admin: false },
};

/** `POST /api/events/ticket`: a single-use ticket for `GET /api/events?ticket=…` (EventSource sends no header). */
export interface EventTicketResponse {
  ticket: string;
  expiresAt: string;
}
