import { Role, ROLE_CAPABILITIES } from '@callrec/contracts';
import { Capability } from '../../core/nav/nav-items';

export interface CapabilityLine {
  readonly key: Capability;
  readonly label: string;
  readonly description: string;
  readonly icon: string;
  readonly allowed: boolean;
}

const CAPABILITY_TEXT: Record<Capability, Omit<CapabilityLine, 'key' | 'allowed'>> = {
  readCalls: {
    label: 'Find call records',
    description: 'Search calls by agent, data list, outcome, number and date',
    icon: 'manage_search',
  },
  play: {
    label: 'Play recordings',
    description: 'Listen to both sides of a call in the browser',
    icon: 'play_circle',
  },
  download: {
    label: 'Download recordings',
    description: 'Save the original audio file with its checksum',
    icon: 'download',
  },
  audit: {
    label: 'Read the audit log',
    description: 'See who played, downloaded or deleted what, and verify the chain',
    icon: 'policy',
  },
  holds: {
    label: 'Place legal holds',
    description: 'Protect recordings from retention while a case is open',
    icon: 'gavel',
  },
  admin: {
    label: 'Administer the system',
    description: 'Manage users, retention, data lists, API keys and webhooks, and delete recordings',
    icon: 'admin_panel_settings',
  },
};

/** Every capability in a fixed order, each marked allowed or not for the role. */
export function capabilitiesOf(role: Role): CapabilityLine[] {
  const granted = ROLE_CAPABILITIES[role];
  return (Object.keys(CAPABILITY_TEXT) as Capability[]).map((key) => ({
    key,
    ...CAPABILITY_TEXT[key],
    allowed: granted[key],
  }));
}

export function greetingFor(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
