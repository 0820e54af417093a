/**
 * Postgres advisory lock held while an ADMIN is demoted or deactivated (by another ADMIN, or by
 * a role change at the single sign-on provider), so at least one active ADMIN always remains.
 */
export const ADMIN_ROLE_LOCK = 7_243_190_004;
