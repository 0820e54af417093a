import { Role } from './enums';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  /** A TOTP second factor is set up (design 9.9). */
  twoFactorEnabled: boolean;
}

export interface CreateUserRequest {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export const MIN_PASSWORD_LENGTH = 12;
