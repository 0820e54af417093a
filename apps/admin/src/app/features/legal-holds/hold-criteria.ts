import { formatDate } from '@angular/common';
import { E164_PATTERN, IdName, LegalHoldCriteria } from '@callrec/contracts';
import { localDayEnd, localDayStart } from '../../core/dates/local-dates';

/** The criteria part of the "Place hold" form, as its controls hold it. */
export interface CriteriaForm {
  readonly phone: string;
  readonly agentId: string | null;
  readonly dataListId: string | null;
  readonly from: Date | null;
  readonly to: Date | null;
  /** Recording ids as typed or pasted: one per line, or separated by commas or spaces. */
  readonly recordingIds: string;
}

export type CriteriaCheck =
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'ok'; readonly criteria: LegalHoldCriteria };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ParsedIds {
  readonly ids: string[];
  readonly invalid: string[];
}

export function parseRecordingIds(text: string): ParsedIds {
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== '');
  const ids = Array.from(new Set(tokens.filter((token) => UUID.test(token)).map((token) => token.toLowerCase())));
  return { ids, invalid: tokens.filter((token) => !UUID.test(token)) };
}

/** Spaces, dashes and brackets people type around a number are dropped; the rest must be E.164. */
export function compactPhone(text: string): string {
  return text.replace(/[\s().-]/g, '');
}

/**
 * The criteria the form describes, or why there are none yet. Dates are whole local days,
 * sent as instants, so "from 3 Nov" means the user's 3 November, not UTC's.
 */
export function criteriaFromForm(form: CriteriaForm): CriteriaCheck {
  const criteria: LegalHoldCriteria = {};
  const phone = compactPhone(form.phone);
  if (phone !== '') {
    if (!E164_PATTERN.test(phone)) {
      return { kind: 'invalid', message: 'Enter the phone number in E.164, such as +14155550123' };
    }
    criteria.phone = phone;
  }
  if (form.agentId) {
    criteria.agentId = form.agentId;
  }
  if (form.dataListId) {
    criteria.dataListId = form.dataListId;
  }
  if (form.from) {
    criteria.from = localDayStart(form.from).toISOString();
  }
  if (form.to) {
    criteria.to = localDayEnd(form.to).toISOString();
  }
  if (form.from && form.to && form.from > form.to) {
    return { kind: 'invalid', message: 'The start date is after the end date' };
  }
  const { ids, invalid } = parseRecordingIds(form.recordingIds);
  if (invalid.length > 0) {
    return { kind: 'invalid', message: `Not a recording id: ${invalid.slice(0, 3).join(', ')}${invalid.length > 3 ? '…' : ''}` };
  }
  if (ids.length > 0) {
    criteria.recordingIds = ids;
  }
  return Object.keys(criteria).length === 0 ? { kind: 'empty' } : { kind: 'ok', criteria };
}

export interface CriteriaNames {
  readonly agents: readonly IdName[];
  readonly dataLists: readonly IdName[];
}

/** Each criterion in words, for the holds list: every one must match for a hold to cover a recording. */
export function criteriaParts(criteria: LegalHoldCriteria, names: CriteriaNames): string[] {
  const parts: string[] = [];
  if (criteria.phone) {
    parts.push(`Number ${criteria.phone}`);
  }
  if (criteria.agentId) {
    parts.push(`Agent ${nameOf(names.agents, criteria.agentId, 'unknown agent')}`);
  }
  if (criteria.dataListId) {
    parts.push(`List ${nameOf(names.dataLists, criteria.dataListId, 'unknown list')}`);
  }
  if (criteria.from && criteria.to) {
    parts.push(`${day(criteria.from)} – ${day(criteria.to)}`);
  } else if (criteria.from) {
    parts.push(`From ${day(criteria.from)}`);
  } else if (criteria.to) {
    parts.push(`Until ${day(criteria.to)}`);
  }
  if (criteria.recordingIds?.length) {
    const count = criteria.recordingIds.length;
    parts.push(`${count} named ${count === 1 ? 'recording' : 'recordings'}`);
  }
  return parts;
}

function day(iso: string): string {
  return formatDate(iso, 'd MMM y', 'en-US');
}

function nameOf(items: readonly IdName[], id: string, fallback: string): string {
  return items.find((item) => item.id.toLowerCase() === id.toLowerCase())?.name ?? fallback;
}
