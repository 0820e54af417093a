import { ApiKeyRole, OutboundEventType, WebhookDeliveryStatus } from '@callrec/contracts';
import { StatusLook } from '../../ui/status-chips/status-labels';

export const API_KEY_ROLE_LOOKS: Record<ApiKeyRole, StatusLook & { readonly summary: string }> = {
  DIALER: {
    label: 'Dialer',
    tone: 'violet',
    icon: 'dialpad',
    summary: 'Places and ends calls for any agent, sets outcomes, pauses and resumes recordings',
  },
  READER: { label: 'Reader', tone: 'info', icon: 'menu_book', summary: 'Reads call records and their details; never the audio' },
};

export const OUTBOUND_EVENT_SUMMARIES: Record<OutboundEventType, string> = {
  'call.completed': 'A call ended, with its status and outcome',
  'recording.stored': 'A recording is downloaded, verified and ready to fetch',
  'recording.failed': 'A recording could not be downloaded after every retry',
  'recording.deleted': 'A recording was deleted (retention, erasure or by hand)',
};

export const DELIVERY_STATUS_LOOKS: Record<WebhookDeliveryStatus, StatusLook> = {
  PENDING: { label: 'Pending', tone: 'info', icon: 'schedule' },
  SUCCEEDED: { label: 'Delivered', tone: 'success', icon: 'check_circle' },
  FAILED: { label: 'Failed', tone: 'error', icon: 'error' },
};

/** The start of a receiver's answer: enough to recognise an error page, not a whole document. */
export function bodySnippet(body: string | null, max = 200): string {
  if (!body) {
    return '';
  }
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
