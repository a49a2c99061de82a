import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext, canSeeWard } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionSwapEntity, SwapStatus } from '../database/schema/swap.entity';
import { DomainEvents } from '../events/domain-events';
import { recordEvents } from '../events/outbox';
import { AssignmentChange } from '../rota/rota.repository';
import { SessionsService } from '../sessions/sessions.service';
import { actingFacilitator, staleReason } from './actor';
import { HandOver, HandOverService } from './hand-over.service';
import { SwapSettingsService } from './swap-settings.service';
import { CreateSwapDto, mapSwap, SwapDto } from './swaps.dto';

const LIVE: SwapStatus[] = ['proposed', 'awaiting-approval'];
type SwapEventType = 'swap.proposed' | 'swap.accepted' | 'swap.approved' | 'swap.declined' | 'swap.expired';

/** One event per ward involved, so each ward's receivers see the step in their own order. */
const swapEvents = (type: SwapEventType, s: SessionSwapEntity) =>
  [...new Set([s.wardId, s.withWardId])].map((wardId) => ({
    type,
    wardId,
    data: {
      swapId: s.id,
      sessionId: s.sessionId,
      facilitatorId: s.facilitatorId,
      withSessionId: s.withSessionId,
      withFacilitatorId: s.withFacilitatorId,
      status: s.status,
    },
  }));

/**
 * Swaps: a facilitator proposes to exchange their place on one session with a colleague's place on
 * another; the colleague accepts; with `swapApproval` on either ward a coordinator approves. Both
 * sides are checked against every hard rule as one change (each without the booking the other side
 * gives up) and written in one transaction, or nothing changes.
 */
@Injectable()
export class SwapsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly handOver: HandOverService,
    private readonly settings: SwapSettingsService,
    private readonly events: DomainEvents,
  ) {}

  async propose(auth: AuthContext, dto: CreateSwapDto): Promise<SwapDto> {
    const me = actingFacilitator(auth, dto.facilitatorId);
    if (dto.sessionId.toLowerCase() === dto.withSessionId.toLowerCase())
      throw new InvalidInputError('withSessionId', 'must be another session');
    const mine = (await this.sessions.requireSession(auth, dto.sessionId)).session;
    const theirs = (await this.sessions.requireSession(auth, dto.withSessionId)).session;
    const now = this.clock.now().toISOString();
    const row = await this.db.transaction(async (em) => {
      const onMine = await em.find(SessionAssignmentEntity, { where: { sessionId: mine.id } });
      const onTheirs = await em.find(SessionAssignmentEntity, { where: { sessionId: theirs.id } });
      const myPlace = onMine.find((a) => a.facilitatorId === me);
      if (!myPlace) throw new ConflictError('you are not on sessionId');
      const colleague = dto.withFacilitatorId
        ? onTheirs.find((a) => a.facilitatorId === dto.withFacilitatorId!.toLowerCase())
        : (onTheirs.find((a) => a.role === myPlace.role && a.facilitatorId !== me) ?? onTheirs.find((a) => a.facilitatorId !== me));
      if (!colleague || colleague.facilitatorId === me) throw new ConflictError('withFacilitatorId is not a colleague on withSessionId');
      await this.db.lockKeys(em, [
        `session:${mine.id}`,
        `session:${theirs.id}`,
        `facilitator:${me}`,
        `facilitator:${colleague.facilitatorId}`,
      ]);
      const [a, b] = [await em.findOneByOrFail(SessionEntity, { id: mine.id }), await em.findOneByOrFail(SessionEntity, { id: theirs.id })];
      for (const s of [a, b]) {
        const stale = staleReason(s, s.sequence, now);
        if (stale) throw new ConflictError(stale.replace('the session', s.id === a.id ? 'sessionId' : 'withSessionId'));
      }
      await this.handOver.checkOrThrow(em, this.moves(a, b, me, colleague.facilitatorId));
      const swap: SessionSwapEntity = {
        id: newId(),
        sessionId: a.id,
        wardId: a.wardId,
        facilitatorId: me,
        sessionSequence: a.sequence,
        withSessionId: b.id,
        withWardId: b.wardId,
        withFacilitatorId: colleague.facilitatorId,
        withSessionSequence: b.sequence,
        status: 'proposed',
        createdByKeyId: auth.keyId,
        createdAt: now,
        acceptedAt: null,
        decidedAt: null,
        reason: null,
      };
      await em.insert(SessionSwapEntity, swap);
      await recordEvents(em, swapEvents('swap.proposed', swap), now);
      return swap;
    });
    return mapSwap(row);
  }

  async list(auth: AuthContext, status?: SwapStatus): Promise<SwapDto[]> {
    const now = this.clock.now().toISOString();
    const rows = await this.db
      .repo(SessionSwapEntity)
      .find({ where: { ...(status && { status }) }, order: { createdAt: 'DESC', id: 'ASC' }, take: 500 });
    // Reads write nothing: a swap whose sessions moved on shows as expired until the sweep records it.
    for (const row of rows.filter((r) => LIVE.includes(r.status))) {
      const stale = await this.staleness(this.db.manager, row, now);
      if (stale) Object.assign(row, { status: 'expired', reason: stale });
    }
    return rows
      .filter((s) => !status || s.status === status)
      .filter((s) => canSeeWard(auth, s.wardId) || canSeeWard(auth, s.withWardId))
      .filter((s) => auth.role !== 'facilitator' || [s.facilitatorId, s.withFacilitatorId].includes(auth.facilitatorId ?? ''))
      .map(mapSwap);
  }

  /** The colleague says yes: the swap happens now, or waits for a coordinator where a ward wants approval. */
  async accept(auth: AuthContext, id: string): Promise<SwapDto> {
    const swap = await this.requireSwap(auth, id);
    if (auth.role === 'facilitator' && auth.facilitatorId !== swap.withFacilitatorId)
      throw new ForbiddenError('only the colleague asked may accept');
    return this.step(auth, swap, 'proposed', async (em, row, changes, now) => {
      row.acceptedAt = now;
      if (await this.settings.needsApproval(em, [row.wardId, row.withWardId])) {
        row.status = 'awaiting-approval';
        await em.save(row);
        await recordEvents(em, swapEvents('swap.accepted', row), now);
        return null;
      }
      Object.assign(row, { status: 'approved', decidedAt: now });
      await em.save(row);
      await this.handOver.apply(em, changes, 'swap', auth.keyId, now);
      await recordEvents(em, [...swapEvents('swap.accepted', row), ...swapEvents('swap.approved', row)], now);
      return changes;
    });
  }

  async approve(auth: AuthContext, id: string): Promise<SwapDto> {
    const swap = await this.requireSwap(auth, id, true);
    return this.step(auth, swap, 'awaiting-approval', async (em, row, changes, now) => {
      Object.assign(row, { status: 'approved', decidedAt: now });
      await em.save(row);
      await this.handOver.apply(em, changes, 'swap-approved', auth.keyId, now);
      await recordEvents(em, swapEvents('swap.approved', row), now);
      return changes;
    });
  }

  /** The colleague, the proposer (withdrawing) or a coordinator ends a live swap; nothing moves. */
  async decline(auth: AuthContext, id: string): Promise<SwapDto> {
    const swap = await this.requireSwap(auth, id);
    if (auth.role === 'facilitator' && ![swap.facilitatorId, swap.withFacilitatorId].includes(auth.facilitatorId ?? '')) {
      throw new ForbiddenError('only the two facilitators of the swap or a coordinator may decline it');
    }
    const now = this.clock.now().toISOString();
    const row = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`swap:${id}`]);
      const row = await em.findOneByOrFail(SessionSwapEntity, { id });
      if (!LIVE.includes(row.status)) throw new ConflictError(`the swap is ${row.status}`);
      Object.assign(row, {
        status: 'declined',
        decidedAt: now,
        reason: `declined by ${auth.role === 'facilitator' ? 'a facilitator' : 'a coordinator'}`,
      });
      await em.save(row);
      await recordEvents(em, swapEvents('swap.declined', row), now);
      return row;
    });
    return mapSwap(row);
  }

  async expireStale(): Promise<number> {
    const now = this.clock.now().toISOString();
    const live = await this.db.repo(SessionSwapEntity).find({ where: { status: In(LIVE) } });
    let expired = 0;
    for (const s of live) {
      expired += await this.db.transaction(async (em) => {
        await this.db.lockKeys(em, [`swap:${s.id}`]);
        const row = await em.findOneByOrFail(SessionSwapEntity, { id: s.id });
        const stale = LIVE.includes(row.status) ? await this.staleness(em, row, now) : null;
        if (!stale) return 0;
        await this.expire(em, row, stale, now);
        return 1;
      });
    }
    return expired;
  }

  private moves(a: SessionEntity, b: SessionEntity, me: string, colleague: string): HandOver[] {
    return [
      { session: a, outId: me, inId: colleague },
      { session: b, outId: colleague, inId: me },
    ];
  }

  private async staleness(em: EntityManager, row: SessionSwapEntity, now: string): Promise<string | null> {
    const a = await em.findOneBy(SessionEntity, { id: row.sessionId });
    const b = await em.findOneBy(SessionEntity, { id: row.withSessionId });
    return staleReason(a, row.sessionSequence, now) ?? staleReason(b, row.withSessionSequence, now);
  }

  private async expire(em: EntityManager, row: SessionSwapEntity, reason: string, now: string): Promise<void> {
    Object.assign(row, { status: 'expired', decidedAt: now, reason });
    await em.save(row);
    await recordEvents(em, swapEvents('swap.expired', row), now);
  }

  /** Locks, re-reads, expires a stale swap, re-checks both sides, then runs the step's writes. */
  private async step(
    auth: AuthContext,
    swap: SessionSwapEntity,
    from: SwapStatus,
    write: (em: EntityManager, row: SessionSwapEntity, changes: AssignmentChange[], now: string) => Promise<AssignmentChange[] | null>,
  ): Promise<SwapDto> {
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [
        `swap:${swap.id}`,
        `session:${swap.sessionId}`,
        `session:${swap.withSessionId}`,
        `facilitator:${swap.facilitatorId}`,
        `facilitator:${swap.withFacilitatorId}`,
      ]);
      const row = await em.findOneByOrFail(SessionSwapEntity, { id: swap.id });
      if (row.status !== from) throw new ConflictError(`the swap is ${row.status}`);
      const stale = await this.staleness(em, row, now);
      // Refused requests write nothing: the expiry itself is recorded by the jobs' sweep (expireStale).
      if (stale) throw new ConflictError(`the swap has expired: ${stale}`);
      const a = await em.findOneByOrFail(SessionEntity, { id: row.sessionId });
      const b = await em.findOneByOrFail(SessionEntity, { id: row.withSessionId });
      const changes = await this.handOver.checkOrThrow(em, this.moves(a, b, row.facilitatorId, row.withFacilitatorId));
      return { row, changes: await write(em, row, changes, now) };
    });
    for (const c of outcome.changes ?? []) {
      const people = [...new Set([...c.before, ...c.after].map((x) => x.facilitatorId))];
      this.events.emit({
        type: 'sessions-changed',
        wardId: c.session.wardId,
        sessionIds: [c.session.id],
        facilitatorIds: people,
        assignmentsOnly: true,
      });
    }
    return mapSwap(outcome.row);
  }

  /** Visible when either session's ward is in scope; approving needs both. */
  private async requireSwap(auth: AuthContext, id: string, both = false): Promise<SessionSwapEntity> {
    const row = await this.db.repo(SessionSwapEntity).findOneBy({ id });
    const sees =
      row &&
      (both
        ? canSeeWard(auth, row.wardId) && canSeeWard(auth, row.withWardId)
        : canSeeWard(auth, row.wardId) || canSeeWard(auth, row.withWardId));
    if (!row || !sees) throw new NotFoundError('swap', id);
    return row;
  }
}
