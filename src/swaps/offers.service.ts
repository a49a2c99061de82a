import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext, canSeeWard } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { OfferStatus, SessionOfferEntity } from '../database/schema/swap.entity';
import { DomainEvents } from '../events/domain-events';
import { recordEvents } from '../events/outbox';
import { SessionsService } from '../sessions/sessions.service';
import { actingFacilitator, staleReason } from './actor';
import { HandOverService } from './hand-over.service';
import { SwapSettingsService } from './swap-settings.service';
import { mapOffer, OfferDto } from './swaps.dto';

const LIVE: OfferStatus[] = ['open', 'awaiting-approval'];

const offerEvent = (
  type: 'offer.created' | 'offer.claimed' | 'offer.approved' | 'offer.declined' | 'offer.expired',
  o: SessionOfferEntity,
) => ({
  type,
  wardId: o.wardId,
  data: { offerId: o.id, sessionId: o.sessionId, facilitatorId: o.facilitatorId, claimedBy: o.claimedBy, status: o.status },
});

/**
 * Offers: a facilitator gives their place on a session away; the first colleague whose claim keeps
 * every hard rule takes it (later claims 409). With the ward's `swapApproval` the claim waits for a
 * coordinator, whose approval checks every rule again. An offer expires when its session starts or
 * changes. Every check and write runs in one transaction holding the offer's, the session's and the
 * people's locks (the same locks as manual assignment).
 */
@Injectable()
export class OffersService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly handOver: HandOverService,
    private readonly settings: SwapSettingsService,
    private readonly events: DomainEvents,
  ) {}

  async create(auth: AuthContext, sessionId: string, facilitatorId: string | undefined): Promise<OfferDto> {
    const { session } = await this.sessions.requireSession(auth, sessionId);
    const giver = actingFacilitator(auth, facilitatorId);
    const now = this.clock.now().toISOString();
    const offer = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`session:${sessionId}`, `facilitator:${giver}`]);
      const fresh = await em.findOneByOrFail(SessionEntity, { id: session.id });
      if (fresh.status !== 'scheduled') throw new ConflictError('the session is cancelled');
      if (fresh.startsAt <= now) throw new ConflictError('the session has already started');
      if (!(await em.exists(SessionAssignmentEntity, { where: { sessionId, facilitatorId: giver } }))) {
        throw new ConflictError('facilitatorId is not on this session');
      }
      const existing = await em.findOne(SessionOfferEntity, { where: { sessionId, facilitatorId: giver, status: In(LIVE) } });
      if (existing) throw new ConflictError(`this place is already offered (offer ${existing.id})`);
      const row: SessionOfferEntity = {
        id: newId(),
        sessionId,
        wardId: fresh.wardId,
        facilitatorId: giver,
        status: 'open',
        claimedBy: null,
        sessionSequence: fresh.sequence,
        sessionStartsAt: fresh.startsAt,
        createdByKeyId: auth.keyId,
        createdAt: now,
        claimedAt: null,
        decidedAt: null,
        reason: null,
      };
      await em.insert(SessionOfferEntity, row);
      await recordEvents(em, [offerEvent('offer.created', row)], now);
      return row;
    });
    return mapOffer(offer);
  }

  /** Coordinators see every offer of their wards; a facilitator sees open offers they could take, and their own. */
  async list(auth: AuthContext, wardId?: string, status?: OfferStatus): Promise<OfferDto[]> {
    if (wardId && !canSeeWard(auth, wardId)) throw new NotFoundError('ward', wardId);
    const rows = await this.db.repo(SessionOfferEntity).find({
      where: { ...(wardId && { wardId }), ...(status && { status }), ...(auth.wardIds && !wardId && { wardId: In(auth.wardIds) }) },
      order: { sessionStartsAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    const now = this.clock.now().toISOString();
    const sessions = new Map(
      (await this.db.repo(SessionEntity).find({ where: { id: In([...new Set(rows.map((o) => o.sessionId))]) } })).map((x) => [x.id, x]),
    );
    // Reads write nothing: an offer whose session moved on shows as expired until the sweep records it.
    for (const o of rows.filter((o) => LIVE.includes(o.status))) {
      const stale = staleReason(sessions.get(o.sessionId) ?? null, o.sessionSequence, now);
      if (stale) Object.assign(o, { status: 'expired', reason: stale });
    }
    if (status) rows.splice(0, rows.length, ...rows.filter((o) => o.status === status));
    if (auth.role !== 'facilitator') return rows.map(mapOffer);
    const me = auth.facilitatorId;
    if (!me) return [];
    const pool = new Set((await this.db.repo(FacilitatorWardEntity).find({ where: { facilitatorId: me } })).map((l) => l.wardId));
    const visible: OfferDto[] = [];
    for (const o of rows) {
      if (o.facilitatorId === me || o.claimedBy === me) visible.push(mapOffer(o));
      else if (o.status === 'open' && pool.has(o.wardId) && (await this.couldTake(o, me))) visible.push(mapOffer(o));
    }
    return visible;
  }

  private async couldTake(offer: SessionOfferEntity, who: string): Promise<boolean> {
    const session = await this.db.repo(SessionEntity).findOneBy({ id: offer.sessionId });
    if (!session) return false;
    const { problem } = await this.handOver.check(this.db.manager, [{ session, outId: offer.facilitatorId, inId: who }]);
    return problem === null;
  }

  async claim(auth: AuthContext, offerId: string, facilitatorId: string | undefined): Promise<OfferDto> {
    const offer = await this.requireOffer(auth, offerId);
    const taker = actingFacilitator(auth, facilitatorId);
    if (taker === offer.facilitatorId) throw new ConflictError('you cannot claim your own offer');
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [
        `offer:${offerId}`,
        `session:${offer.sessionId}`,
        `facilitator:${offer.facilitatorId}`,
        `facilitator:${taker}`,
      ]);
      const row = await em.findOneByOrFail(SessionOfferEntity, { id: offerId });
      if (row.status !== 'open')
        throw new ConflictError(
          row.status === 'awaiting-approval' || row.status === 'approved'
            ? 'the offer has already been taken'
            : `the offer is ${row.status}`,
        );
      const session = await em.findOneBy(SessionEntity, { id: row.sessionId });
      const stale = staleReason(session, row.sessionSequence, now);
      // Refused requests write nothing: the expiry itself is recorded by the jobs' sweep (expireStale).
      if (stale) throw new ConflictError(`the offer has expired: ${stale}`);
      const changes = await this.handOver.checkOrThrow(em, [{ session: session!, outId: row.facilitatorId, inId: taker }]);
      Object.assign(row, { claimedBy: taker, claimedAt: now });
      if (await this.settings.needsApproval(em, [row.wardId])) {
        row.status = 'awaiting-approval';
        await em.save(row);
        await recordEvents(em, [offerEvent('offer.claimed', row)], now);
        return { row, changed: null };
      }
      Object.assign(row, { status: 'approved', decidedAt: now });
      await em.save(row);
      await this.handOver.apply(em, changes, 'offer-claimed', auth.keyId, now);
      await recordEvents(em, [offerEvent('offer.claimed', row), offerEvent('offer.approved', row)], now);
      return { row, changed: changes };
    });
    return this.finish(outcome);
  }

  async approve(auth: AuthContext, offerId: string): Promise<OfferDto> {
    const offer = await this.requireOffer(auth, offerId);
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (em) => {
      const keys = [`offer:${offerId}`, `session:${offer.sessionId}`, `facilitator:${offer.facilitatorId}`];
      await this.db.lockKeys(em, offer.claimedBy ? [...keys, `facilitator:${offer.claimedBy}`] : keys);
      const row = await em.findOneByOrFail(SessionOfferEntity, { id: offerId });
      if (row.status !== 'awaiting-approval' || !row.claimedBy || row.claimedBy !== offer.claimedBy) {
        throw new ConflictError(row.status === 'open' ? 'nobody has claimed the offer yet' : `the offer is ${row.status}`);
      }
      const session = await em.findOneBy(SessionEntity, { id: row.sessionId });
      const stale = staleReason(session, row.sessionSequence, now);
      // Refused requests write nothing: the expiry itself is recorded by the jobs' sweep (expireStale).
      if (stale) throw new ConflictError(`the offer has expired: ${stale}`);
      const changes = await this.handOver.checkOrThrow(em, [{ session: session!, outId: row.facilitatorId, inId: row.claimedBy }]);
      Object.assign(row, { status: 'approved', decidedAt: now });
      await em.save(row);
      await this.handOver.apply(em, changes, 'offer-approved', auth.keyId, now);
      await recordEvents(em, [offerEvent('offer.approved', row)], now);
      return { row, changed: changes };
    });
    return this.finish(outcome);
  }

  /** Declining a claim reopens the offer for others; declining an open offer ends it (the place stays with its holder). */
  async decline(auth: AuthContext, offerId: string): Promise<OfferDto> {
    await this.requireOffer(auth, offerId);
    const now = this.clock.now().toISOString();
    const row = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`offer:${offerId}`]);
      const row = await em.findOneByOrFail(SessionOfferEntity, { id: offerId });
      if (!LIVE.includes(row.status)) throw new ConflictError(`the offer is ${row.status}`);
      const claimedBy = row.claimedBy;
      if (row.status === 'awaiting-approval') Object.assign(row, { status: 'open', claimedBy: null, claimedAt: null });
      else Object.assign(row, { status: 'declined', decidedAt: now, reason: 'declined by a coordinator' });
      await em.save(row);
      // A declined claim names the claimant; the offer itself is open again.
      await recordEvents(em, [offerEvent('offer.declined', { ...row, claimedBy })], now);
      return row;
    });
    return mapOffer(row);
  }

  /** Expires every live offer whose session has started or changed (run by the jobs and before lists). */
  async expireStale(): Promise<number> {
    const now = this.clock.now().toISOString();
    const live = await this.db.repo(SessionOfferEntity).find({ where: { status: In(LIVE) } });
    if (!live.length) return 0;
    const sessions = new Map(
      (await this.db.repo(SessionEntity).find({ where: { id: In([...new Set(live.map((o) => o.sessionId))]) } })).map((s) => [s.id, s]),
    );
    let expired = 0;
    for (const o of live.filter((o) => staleReason(sessions.get(o.sessionId) ?? null, o.sessionSequence, now))) {
      expired += await this.db.transaction(async (em) => {
        await this.db.lockKeys(em, [`offer:${o.id}`]);
        const row = await em.findOneByOrFail(SessionOfferEntity, { id: o.id });
        const stale = LIVE.includes(row.status)
          ? staleReason(await em.findOneBy(SessionEntity, { id: row.sessionId }), row.sessionSequence, now)
          : null;
        if (!stale) return 0;
        await this.expire(em, row, stale, now);
        return 1;
      });
    }
    return expired;
  }

  private async expire(em: EntityManager, row: SessionOfferEntity, reason: string, now: string): Promise<void> {
    Object.assign(row, { status: 'expired', decidedAt: now, reason });
    await em.save(row);
    await recordEvents(em, [offerEvent('offer.expired', row)], now);
  }

  private finish(outcome: {
    row: SessionOfferEntity;
    changed: { session: SessionEntity; before: { facilitatorId: string }[]; after: { facilitatorId: string }[] }[] | null;
  }): OfferDto {
    for (const c of outcome.changed ?? []) {
      const people = [...new Set([...c.before, ...c.after].map((a) => a.facilitatorId))];
      this.events.emit({
        type: 'sessions-changed',
        wardId: c.session.wardId,
        sessionIds: [c.session.id],
        facilitatorIds: people,
        assignmentsOnly: true,
      });
    }
    return mapOffer(outcome.row);
  }

  private async requireOffer(auth: AuthContext, id: string): Promise<SessionOfferEntity> {
    const row = await this.db.repo(SessionOfferEntity).findOneBy({ id });
    if (!row || !canSeeWard(auth, row.wardId)) throw new NotFoundError('offer', id);
    return row;
  }
}
