import { AuthUser, LoginResponse, Role, UserDto } from '@callrec/contracts';

/** Realistic API payloads for specs; data only, no behaviour. */
export function authUser(role: Role = 'ADMIN', overrides: Partial<AuthUser> = {}): AuthUser {
  return {
    id: `user-${role.toLowerCase()}`,
    email: `${role.toLowerCase()}@example.com`,
    name: `${role[0]}${role.slice(1).toLowerCase()} Person`,
    role,
    ...overrides,
  };
}

export function loginResponse(role: Role = 'ADMIN', expiresIn = 3600): LoginResponse {
  return { accessToken: `token-for-${role.toLowerCase()}`, expiresIn, user: authUser(role) };
}

export function userDto(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u-1',
    email: 'jane@example.com',
    name: 'Jane Doe',
    role: 'SUPERVISOR',
    active: true,
    createdAt: '2026-01-15T09:30:00.000Z',
    twoFactorEnabled: false,
    ...overrides,
  };
}

export function apiError(statusCode: number, message: string, error = 'Error') {
  return { statusCode, error, message };
}
