/*
 * The IMR Fidelity Scale items this service's data can measure, for one ward and window, on the
 * scale's 1–5 anchors; the other items are listed as not measured (they need observation or chart
 * review). Pure: the caller passes what happened in the window.
 *
 * Measured items and the anchors used (domain.md, "Fidelity"; PMC7547988's table of items):
 * - group-size: people per held session. 5 when every held session had 8 or fewer, 4 with at most
 *   10, 3 with at most 12, 2 with at most 15, 1 when some exceeded 15. The largest held session
 *   decides, because the scale's lowest anchor is "some groups exceed 15".
 * - program-length: for long stays discharged in the window, months from first to last IMR session
 *   attended (median over those stays). The scale asks for about six months of weekly sessions:
 *   5 at 6 months or more, 4 at 5, 3 at 4, 2 at 3, 1 under 3. Short stays cannot meet it and are left
 *   out (that is what the referral is for); with no long stay discharged it is not measured.
 * - curriculum: distinct modules taught in held sessions, out of the edition's: 5 at 9 or more
 *   (of 10–11), 4 at 7–8, 3 at 5–6, 2 at 3–4, 1 at 2 or fewer.
 * - goal-setting: share of referrals made in the window with at least one personal recovery goal;
 *   goal-follow-up: share of those goals with progress written down. Both in 20-point bands:
 *   5 at 80 % or more, 4 at 60 %, 3 at 40 %, 2 at 20 %, 1 below. Not measured without referrals.
 * `value` is the measured figure (people, months, modules, or a share 0–1); `detail` says on what.
 */
import type { FidelityItemKey } from '../../common/i18n';
import { FIDELITY_GROUP_SIZE } from './ward-stats';

export const FIDELITY_ITEMS: readonly FidelityItemKey[] = [
  'group-size',
  'program-length',
  'curriculum',
  'handouts',
  'significant-others',
  'goal-setting',
  'goal-follow-up',
  'motivation',
  'educational-techniques',
  'cognitive-behavioural',
  'coping-skills',
  'relapse-prevention',
  'medication-tailoring',
];

export interface FidelityInput {
  /** Held sessions in the window: started, not cancelled. */
  heldSessions: { moduleNumber: number; participants: number }[];
  /** Module numbers of the ward's edition. */
  editionModules: number[];
  /** Long stays discharged in the window, with the first and last IMR session they attended (ISO instants). */
  longStays: { firstAttended: string | null; lastAttended: string | null }[];
  /** Referrals made in the window: their goals, and whether each has progress written down. */
  referrals: { goals: { hasProgress: boolean }[] }[];
}

export interface FidelityItem {
  item: FidelityItemKey;
  measured: boolean;
  value: number | null;
  score: number | null;
  detail: string | null;
}

export interface FidelityResult {
  items: FidelityItem[];
  /** Mean score of the measured items; null when none is. */
  measuredMean: number | null;
  measuredCount: number;
}

const notMeasured = (item: FidelityItemKey): FidelityItem => ({ item, measured: false, value: null, score: null, detail: null });

/** 1–5 by descending thresholds: the first threshold the value reaches gives 5, the next 4, and so on. */
function byThresholds(value: number, atLeast: [number, number, number, number]): number {
  const reached = atLeast.findIndex((t) => value >= t);
  return reached === -1 ? 1 : 5 - reached;
}

export function groupSizeScore(largest: number): number {
  if (largest <= FIDELITY_GROUP_SIZE) return 5;
  if (largest <= 10) return 4;
  if (largest <= 12) return 3;
  if (largest <= 15) return 2;
  return 1;
}

const MONTH_MS = (365.25 / 12) * 86_400_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function computeFidelity(input: FidelityInput): FidelityResult {
  const measured = new Map<FidelityItemKey, FidelityItem>();

  if (input.heldSessions.length) {
    const largest = Math.max(...input.heldSessions.map((s) => s.participants));
    const over = input.heldSessions.filter((s) => s.participants > FIDELITY_GROUP_SIZE).length;
    measured.set('group-size', {
      item: 'group-size',
      measured: true,
      value: largest,
      score: groupSizeScore(largest),
      detail: `${input.heldSessions.length} held sessions; largest ${largest}; ${over} above ${FIDELITY_GROUP_SIZE}`,
    });
    const taught = new Set(input.heldSessions.map((s) => s.moduleNumber).filter((n) => input.editionModules.includes(n)));
    measured.set('curriculum', {
      item: 'curriculum',
      measured: true,
      value: taught.size,
      score: byThresholds(taught.size, [9, 7, 5, 3]),
      detail: `${taught.size} of ${input.editionModules.length} modules taught in held sessions`,
    });
  }

  const lengths = input.longStays
    .filter((s) => s.firstAttended && s.lastAttended)
    .map((s) => (Date.parse(s.lastAttended!) - Date.parse(s.firstAttended!)) / MONTH_MS);
  if (input.longStays.length) {
    const months = lengths.length ? median(lengths) : 0;
    measured.set('program-length', {
      item: 'program-length',
      measured: true,
      value: round(months, 1),
      score: byThresholds(months, [6, 5, 4, 3]),
      detail: `median over ${input.longStays.length} long stays discharged in the window`,
    });
  }

  if (input.referrals.length) {
    const withGoals = input.referrals.filter((r) => r.goals.length > 0).length;
    const share = withGoals / input.referrals.length;
    measured.set('goal-setting', {
      item: 'goal-setting',
      measured: true,
      value: round(share),
      score: byThresholds(share, [0.8, 0.6, 0.4, 0.2]),
      detail: `${withGoals} of ${input.referrals.length} referrals name personal recovery goals`,
    });
    const goals = input.referrals.flatMap((r) => r.goals);
    if (goals.length) {
      const followed = goals.filter((g) => g.hasProgress).length;
      const followShare = followed / goals.length;
      measured.set('goal-follow-up', {
        item: 'goal-follow-up',
        measured: true,
        value: round(followShare),
        score: byThresholds(followShare, [0.8, 0.6, 0.4, 0.2]),
        detail: `${followed} of ${goals.length} goals have progress written down`,
      });
    }
  }

  const items = FIDELITY_ITEMS.map((key) => measured.get(key) ?? notMeasured(key));
  const scores = items.filter((i) => i.score !== null).map((i) => i.score!);
  return {
    items,
    measuredMean: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    measuredCount: scores.length,
  };
}
