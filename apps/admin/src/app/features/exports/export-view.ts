import { formatDate } from '@angular/common';
import { ExportDto, ExportFilters, ExportScope, ExportStatus, IdName, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { StatusLook } from '../../ui/status-chips/status-labels';

export const EXPORT_STATUS_LOOKS: Record<ExportStatus, StatusLook> = {
  'awaiting-approval': { label: 'Awaiting approval', tone: 'warning', icon: 'how_to_reg' },
  queued: { label: 'Queued', tone: 'info', icon: 'schedule' },
  running: { label: 'Building', tone: 'info', icon: 'autorenew' },
  ready: { label: 'Ready', tone: 'success', icon: 'check_circle' },
  failed: { label: 'Failed', tone: 'error', icon: 'error' },
  expired: { label: 'Expired', tone: 'neutral', icon: 'timer_off' },
};

/** Still changing on the server: the list is read again until none is. */
export function isActive(item: ExportDto): boolean {
  return item.status === 'queued' || item.status === 'running' || item.status === 'awaiting-approval';
}

/** Done of total as a percentage for the progress bar; null while the total is not known yet. */
export function progressPercent(item: ExportDto): number | null {
  return item.total > 0 ? Math.min(100, Math.round((item.done / item.total) * 100)) : null;
}

/** A second person approves: never the one who asked (EXPORT_APPROVAL=two-person). */
export function canApprove(item: ExportDto, userId: string | null): boolean {
  return item.status === 'awaiting-approval' && userId !== null && item.requestedBy.id !== userId;
}

export interface ScopeNames {
  readonly agents: readonly IdName[];
  readonly dataLists: readonly IdName[];
  readonly holds: readonly IdName[];
}

/** What an export covers, in a line: "Legal hold Case 42", "Agent Ann · From 3 Nov 2026", "All calls". */
export function scopeSummary(scope: ExportScope, names: ScopeNames): string {
  if (scope.legalHoldId) {
    return `Legal hold ${nameOf(names.holds, scope.legalHoldId, 'no longer listed')}`;
  }
  if (scope.recordingIds) {
    const count = scope.recordingIds.length;
    return `${count} named ${count === 1 ? 'recording' : 'recordings'}`;
  }
  const parts = filterParts(scope.filters ?? {}, names);
  return parts.length === 0 ? 'All calls' : parts.join(' · ');
}

/** The grid's filters in words, for the scope summary and the new-export dialog. */
export function filterParts(filters: ExportFilters, names: Pick<ScopeNames, 'agents' | 'dataLists'>): string[] {
  const parts: string[] = [];
  if (filters.from && filters.to) {
    parts.push(`${day(filters.from)} – ${day(filters.to)}`);
  } else if (filters.from) {
    parts.push(`From ${day(filters.from)}`);
  } else if (filters.to) {
    parts.push(`Until ${day(filters.to)}`);
  }
  if (filters.agentId) {
    parts.push(`Agent ${nameOf(names.agents, filters.agentId, 'unknown agent')}`);
  }
  if (filters.dataListId) {
    parts.push(`List ${nameOf(names.dataLists, filters.dataListId, 'unknown list')}`);
  } else if (filters.manualDial === true) {
    parts.push(MANUAL_DIAL_LABEL);
  } else if (filters.manualDial === false) {
    parts.push('Data-list calls');
  }
  if (filters.outcome) {
    parts.push(`Outcome ${filters.outcome.replace(/_/g, ' ').toLowerCase()}`);
  }
  if (filters.status) {
    parts.push(`Status ${filters.status}`);
  }
  if (filters.phone) {
    parts.push(`Number ${filters.phone}`);
  }
  if (filters.hasRecording !== undefined) {
    parts.push(filters.hasRecording ? 'With a recording' : 'Without a recording');
  }
  if (filters.minDuration !== undefined) {
    parts.push(`At least ${filters.minDuration} s`);
  }
  if (filters.maxDuration !== undefined) {
    parts.push(`At most ${filters.maxDuration} s`);
  }
  if (filters.orphan !== undefined) {
    parts.push(filters.orphan ? 'Orphans only' : 'Placed through us');
  }
  return parts;
}

function day(iso: string): string {
  return formatDate(iso, 'd MMM y', 'en-US');
}

function nameOf(items: readonly IdName[], id: string, fallback: string): string {
  return items.find((item) => item.id.toLowerCase() === id.toLowerCase())?.name ?? fallback;
}
