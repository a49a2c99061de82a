/**
 * A referral's lifecycle: draft → sent → accepted | declined, or draft → withdrawn when its discharge is undone. Declining needs a reason, so the
 * ward learns why and can refer elsewhere. Asking for the status the referral already has (with
 * the same reason) is a no-op, so a client may retry safely; everything else is a conflict.
 */
import { ConflictError, InvalidInputError } from '../../common/errors';

/** `withdrawn`: the discharge it came from was undone while it was a draft; kept for the record. */
export type ReferralStatus = 'draft' | 'sent' | 'accepted' | 'declined' | 'withdrawn';

export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['draft', 'sent', 'accepted', 'declined', 'withdrawn'];
export const SETTABLE_STATUSES = ['sent', 'accepted', 'declined'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ['sent'],
  sent: ['accepted', 'declined'],
  accepted: [],
  declined: [],
  // Only by undoing the discharge (DELETE /api/admissions/:id/discharge), never through the status route.
  withdrawn: [],
};

export type Transition = 'change' | 'unchanged';

export function checkTransition(
  current: { status: ReferralStatus; reason: string | null },
  requested: { status: SettableStatus; reason?: string | null },
): Transition {
  const reason = requested.reason?.trim() || null;
  if (requested.status === 'declined' && !reason) {
    throw new InvalidInputError('reason', 'is required when the referral is declined');
  }
  if (current.status === requested.status && (requested.status !== 'declined' || current.reason === reason)) {
    return 'unchanged';
  }
  if (!NEXT[current.status].includes(requested.status)) {
    const allowed = NEXT[current.status];
    const options = allowed.length ? `it can go to ${allowed.join(' or ')}` : 'that is final';
    throw new ConflictError(`referral is ${current.status}; ${options}, not ${requested.status}`);
  }
  return 'change';
}

/** A draft created at or before this instant has waited `days` days without being sent. */
export function overdueCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}
