import { ViewContext } from '../board-context';
import { SessionConflictView, SessionView } from '../board-types';
import { format, formatDay, formatTime, term } from '../i18n';
import { html, Raw } from './html';

const UNFILLED_RULES = new Set(['understaffed', 'no-trained']);

export interface CardState {
  key: 'unfilled' | 'conflict' | 'locked' | 'cancelled' | 'notHeld' | 'unpublished';
  detail: string | null;
}

/** Marks, so no state depends on colour: each has its own symbol and its words. */
const MARKS: Record<CardState['key'], string> = {
  unfilled: '○',
  conflict: '⚠',
  locked: '🔒',
  cancelled: '✕',
  notHeld: '⊘',
  unpublished: '✎',
};

/**
 * The states the API reports for a session, in words. `unfilledReason` is the planner's reason from the rota
 * summary; `conflicts` the rules the integrity check names.
 */
export function cardStates(ctx: ViewContext, session: SessionView, unfilledReason: string | undefined, conflicts: SessionConflictView[]) {
  const { t } = ctx;
  const states: CardState[] = [];
  const scheduled = session.status === 'scheduled';
  if (session.status === 'cancelled') states.push({ key: 'cancelled', detail: session.cancelReason });
  if (session.status === 'not-held' || session.outcome?.held === false)
    states.push({ key: 'notHeld', detail: session.outcome?.reason ?? null });
  const short = session.facilitators.length < session.facilitatorsPerSession;
  // Staffing rules (too few people, nobody trained) are why a session is unfilled; the others are conflicts.
  const staffing = conflicts.filter((c) => UNFILLED_RULES.has(c.rule));
  const broken = conflicts.filter((c) => !UNFILLED_RULES.has(c.rule));
  if (scheduled && (unfilledReason || short || staffing.length)) {
    const count = format(t.unfilledCount, { n: session.facilitators.length, m: session.facilitatorsPerSession });
    const reasons = [
      ...(unfilledReason ? [term(t, 'unfilled', unfilledReason)] : []),
      ...staffing.map((c) => `${term(t, 'rule', c.rule)}: ${c.detail}`),
    ];
    states.push({ key: 'unfilled', detail: reasons.length ? `${reasons.join('; ')} (${count})` : count });
  }
  if (scheduled && broken.length) {
    states.push({ key: 'conflict', detail: broken.map((c) => `${term(t, 'rule', c.rule)}: ${c.detail}`).join('; ') });
  }
  if (session.locked) states.push({ key: 'locked', detail: null });
  if (!session.published && session.status !== 'cancelled') states.push({ key: 'unpublished', detail: null });
  return states;
}

export function stateList(ctx: ViewContext, states: CardState[]): Raw {
  if (!states.length) return html``;
  return html`<ul class="states">${states.map(
    (s) =>
      html`<li class="state state-${s.key}"><span class="mark" aria-hidden="true">${MARKS[s.key]}</span> <strong>${
        (ctx.t as Record<string, string>)[`state_${s.key}`]
      }</strong>${s.detail ? html`: <span class="state-detail">${s.detail}</span>` : ''}</li>`,
  )}</ul>`;
}

export function people(ctx: ViewContext, session: SessionView): Raw {
  const { t } = ctx;
  const lead = session.facilitators.find((f) => f.role === 'lead');
  const cos = session.facilitators.filter((f) => f.role === 'co');
  return html`<dl class="people"><dt>${t.lead}</dt><dd>${lead?.name ?? html`<em>${t.nobody}</em>`}</dd>${
    cos.length || session.facilitatorsPerSession > 1
      ? html`<dt>${t.co}</dt><dd>${cos.length ? cos.map((c) => c.name).join(', ') : html`<em>${t.nobody}</em>`}</dd>`
      : ''
  }</dl>`;
}

export function moduleLine(ctx: ViewContext, session: SessionView): Raw {
  const { t } = ctx;
  return html`<p class="module"><span class="module-n">${format(t.moduleN, { n: session.module.number })}</span> ${session.module.title}${
    session.parts > 1 ? html` <span class="part">(${format(t.partOf, { part: session.part, parts: session.parts })})</span>` : ''
  }</p>`;
}

export function sessionHeading(ctx: ViewContext, session: SessionView): string {
  return format(ctx.t.sessionTitle, {
    group: session.groupName,
    day: formatDay(session.date, ctx.lang),
    time: formatTime(session.startsAt, ctx.lang),
  });
}

/** One session on the week grid; the whole card is a link to its panel. */
export function sessionCard(
  ctx: ViewContext,
  session: SessionView,
  unfilledReason: string | undefined,
  conflicts: SessionConflictView[],
  back: string,
  wardLabel?: string,
): Raw {
  const { t, base } = ctx;
  const states = cardStates(ctx, session, unfilledReason, conflicts);
  const classes = ['card', ...states.map((s) => `is-${s.key}`)].join(' ');
  const href = `${base}/board/sessions/${session.id}?back=${encodeURIComponent(back)}`;
  return html`<li><article class="${classes}" data-session-id="${session.id}" aria-labelledby="s-${session.id}">
<h3 id="s-${session.id}"><a href="${href}"><time datetime="${session.startsAt}">${formatTime(session.startsAt, ctx.lang)}</time>–<time datetime="${
    session.endsAt
  }">${session.endsAt.slice(11, 16)}</time> <span class="group">${session.groupName}</span></a></h3>
${wardLabel ? html`<p class="ward-label">${t.ward}: ${wardLabel}</p>` : ''}${moduleLine(ctx, session)}
<p class="room">${t.room}: ${session.room ?? html`<em>${t.noRoom}</em>`}</p>
${people(ctx, session)}
${stateList(ctx, states)}
</article></li>`;
}
