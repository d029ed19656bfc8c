import { DomainError, ErrorCode } from '@tongxin/common';
import type { IntentionFields } from './intention.queries';
import type { IntentionField, IntentionStatus } from './intention.types';

/** What a PATCH may change: absent keys keep their value; signedAt null clears it. */
export interface IntentionPatch {
  title?: string;
  field?: IntentionField;
  status?: IntentionStatus;
  signedAt?: Date | null;
}

/**
 * The intention after a change, checked: a signed intention has its signing time and only a signed one has it (the
 * table's cooperation_intention_signed_at CHECK says the same). Moving away from signed drops the time; moving to
 * signed needs one.
 */
export function changedIntention(current: IntentionFields, patch: IntentionPatch): IntentionFields {
  const status = patch.status ?? current.status;
  const signedAt = patch.signedAt !== undefined ? patch.signedAt : status === 'signed' ? current.signedAt : null;
  return checkedIntention({
    title: patch.title?.trim() ?? current.title,
    field: patch.field ?? current.field,
    status,
    signedAt,
  });
}

export function checkedIntention(intention: IntentionFields): IntentionFields {
  if (intention.status === 'signed' && !intention.signedAt) {
    throw invalid('signedAt', 'signedAt is required when status is signed');
  }
  if (intention.status !== 'signed' && intention.signedAt) {
    throw invalid('signedAt', 'signedAt is only for signed intentions (status signed)');
  }
  return intention;
}

/** Two or more distinct organizations, all existing. */
export function checkParties(organizationIds: string[], known: Set<string>): void {
  const problems = organizationIds
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !known.has(id))
    .map(({ i }) => ({ field: `organizationIds.${i}`, errors: ['organization not found'] }));
  if (new Set(organizationIds).size < 2) {
    problems.unshift({ field: 'organizationIds', errors: ['two or more distinct organizations are needed'] });
  }
  if (problems.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Some organizations are not valid', { fields: problems });
  }
}

function invalid(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, message, { fields: [{ field, errors: [message] }] });
}
