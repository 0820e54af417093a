import { CallOutcome, IdName, MANUAL_DIAL_LABEL, RetentionPolicyScope } from '@callrec/contracts';
import { OUTCOME_LOOKS } from '../../ui/status-chips/status-labels';

/** The "calls from" choice of the policy form: every call, Manual Dial only, or one data list. */
export const ANY_SOURCE = 'any';
export const MANUAL_DIAL_SOURCE = 'manual';

export interface ScopeForm {
  /** `ANY_SOURCE`, `MANUAL_DIAL_SOURCE` or a data list id. */
  readonly source: string;
  readonly outcome: CallOutcome | null;
  readonly agentId: string | null;
}

export interface ScopeNames {
  readonly dataLists: readonly IdName[];
  readonly agents: readonly IdName[];
}

/** An empty scope is the default policy: it matches every recording. */
export function isDefaultScope(scope: RetentionPolicyScope): boolean {
  return !scope.dataListId && !scope.manualDial && !scope.outcome && !scope.agentId;
}

export function scopeToForm(scope: RetentionPolicyScope): ScopeForm {
  return {
    source: scope.manualDial ? MANUAL_DIAL_SOURCE : (scope.dataListId ?? ANY_SOURCE),
    outcome: scope.outcome ?? null,
    agentId: scope.agentId ?? null,
  };
}

/** Only the fields that narrow: the API refuses `manualDial: false` and a list with Manual Dial. */
export function scopeFromForm(form: ScopeForm): RetentionPolicyScope {
  const scope: RetentionPolicyScope = {};
  if (form.source === MANUAL_DIAL_SOURCE) {
    scope.manualDial = true;
  } else if (form.source !== ANY_SOURCE && form.source !== '') {
    scope.dataListId = form.source;
  }
  if (form.outcome) {
    scope.outcome = form.outcome;
  }
  if (form.agentId) {
    scope.agentId = form.agentId;
  }
  return scope;
}

/** "Manual Dial · Outcome: Sale · Agent: Avery", or "Every recording (default)". */
export function scopeSummary(scope: RetentionPolicyScope, names: ScopeNames): string {
  if (isDefaultScope(scope)) {
    return 'Every recording (default)';
  }
  const parts: string[] = [];
  if (scope.manualDial) {
    parts.push(`${MANUAL_DIAL_LABEL} only`);
  }
  if (scope.dataListId) {
    parts.push(`List: ${nameOf(names.dataLists, scope.dataListId, 'unknown list')}`);
  }
  if (scope.outcome) {
    parts.push(`Outcome: ${OUTCOME_LOOKS[scope.outcome].label}`);
  }
  if (scope.agentId) {
    parts.push(`Agent: ${nameOf(names.agents, scope.agentId, 'unknown agent')}`);
  }
  return parts.join(' · ');
}

/** "Until the next sweep" for 0, "30 days", "730 days (2 years)". */
export function retainLabel(days: number): string {
  if (days === 0) {
    return 'Until the next sweep';
  }
  const plain = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (days >= 365 && days % 365 === 0) {
    const years = days / 365;
    return `${plain} (${years} ${years === 1 ? 'year' : 'years'})`;
  }
  return plain;
}

function nameOf(items: readonly IdName[], id: string, fallback: string): string {
  return items.find((item) => item.id === id)?.name ?? fallback;
}
