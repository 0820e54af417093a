import { Role } from '@callrec/contracts';

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  COMPLIANCE: 'Compliance',
  SUPERVISOR: 'Supervisor',
  AGENT: 'Agent',
};

/** One line per role, in the words an admin choosing a role needs. */
export const ROLE_SUMMARIES: Record<Role, string> = {
  ADMIN: 'Everything, including users, retention and deleting recordings',
  COMPLIANCE: 'Finds, plays and downloads recordings; audits and places legal holds',
  SUPERVISOR: 'Finds and plays recordings of the team',
  AGENT: 'Places and ends own calls and sets their outcome',
};
