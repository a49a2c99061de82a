/*
 * What really happened at a session, recorded once it has started (422 before): held or not held (with
 * a reason), who actually ran it, and which module it taught. PUT again to correct it. A session not
 * held owes its module to the next session that has not started (the curriculum loop moves it there);
 * a held session keeps the module it taught for good. Attendance follows the module taught; a session
 * with attendance on its register cannot be recorded as not held (409: clear the register first).
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, InvalidInputError, UnprocessableError } from '../common/errors';
import { Database, IMR_DATABASE } from '../database/database';
import { AttendanceEntity } from '../database/schema/admission.entity';
import { SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { FacilitatorEntity, FacilitatorWardEntity } from '../database/schema/facilitator.entity';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { DomainEvents } from '../events/domain-events';
import { WardsService } from '../wards/wards.service';
import { RecordOutcomeDto, SessionDto } from './sessions.dto';
import { SessionsService } from './sessions.service';
import { SessionPlans } from './session-plans';

@Injectable()
export class OutcomesService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly wards: WardsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly plans: SessionPlans,
  ) {}

  async record(auth: AuthContext, id: string, dto: RecordOutcomeDto): Promise<SessionDto> {
    const { ward } = await this.sessions.requireSession(auth, id);
    const now = this.clock.now().toISOString();
    checkShape(dto);
    const assigned = await this.db.repo(SessionAssignmentEntity).find({ where: { sessionId: id } });
    const leadFirst = assigned.sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1)).map((a) => a.facilitatorId);
    if (auth.role === 'facilitator') {
      const previous = await this.db.repo(SessionOutcomeEntity).findOneBy({ sessionId: id });
      const own = [...leadFirst, ...(previous?.facilitatorIds ?? [])];
      if (!auth.facilitatorId || !own.includes(auth.facilitatorId)) {
        throw new ForbiddenError(`only a facilitator of session ${id} (or a coordinator) may record its outcome`);
      }
    }
    const facilitatorIds = dto.held ? [...new Set((dto.facilitatorIds ?? leadFirst).map((f) => f.toLowerCase()))] : [];
    await this.checkFacilitators(ward.id, facilitatorIds);
    if (dto.moduleNumber !== undefined && !this.wards.editionOf(ward).modules.some((m) => m.number === dto.moduleNumber)) {
      throw new InvalidInputError('moduleNumber', `is not a module of the ward’s edition`);
    }

    const changed = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`session:${id}`, `sessions:${ward.id}`, `attendance:${id}`]);
      const current = await em.findOneByOrFail(SessionEntity, { id });
      if (current.startsAt > now)
        throw new UnprocessableError(`session ${id} has not started yet; its outcome is recorded once it has begun`);
      if (current.status === 'cancelled') throw new ConflictError(`session ${id} was cancelled before it started; it has no outcome`);
      // The same per-person locks as manual assignment (people last), then nobody recorded in two places at once.
      await this.db.lockKeys(
        em,
        facilitatorIds.map((f) => `facilitator:${f}`),
      );
      await this.refuseRecordedElsewhere(em, current, facilitatorIds);
      const previous = await em.findOneBy(SessionOutcomeEntity, { sessionId: id });
      if (!dto.held) {
        const attending = await em.count(AttendanceEntity, { where: { sessionId: id } });
        if (attending) {
          throw new ConflictError(
            `session ${id} has attendance recorded for ${attending}; clear its register before recording it as not held`,
          );
        }
      }
      const planned = previous
        ? { module: previous.plannedModuleNumber, part: previous.plannedModulePart }
        : { module: current.moduleNumber, part: current.modulePart };
      const taught =
        dto.held && dto.moduleNumber !== undefined && dto.moduleNumber !== planned.module ? { module: dto.moduleNumber, part: 1 } : planned;
      const outcome: SessionOutcomeEntity = {
        sessionId: id,
        wardId: current.wardId,
        groupId: current.groupId,
        occurrenceDate: current.occurrenceDate,
        held: dto.held,
        reason: dto.reason?.trim() || null,
        facilitatorIds,
        plannedModuleNumber: planned.module,
        plannedModulePart: planned.part,
        recordedAt: now,
        recordedByKeyId: auth.keyId,
      };
      const moduleMoved = taught.module !== current.moduleNumber || taught.part !== current.modulePart;
      // An unrecorded session counts as taught, so only "not held" (or undoing it) or another module moves the curriculum.
      const shifts = moduleMoved || (previous?.held ?? true) !== dto.held;
      if (shifts) {
        await em.update(
          SessionEntity,
          { id },
          { moduleNumber: taught.module, modulePart: taught.part, sequence: () => '"sequence" + 1', changedAt: now },
        );
      }
      if (moduleMoved) await em.update(AttendanceEntity, { sessionId: id }, { moduleNumber: taught.module, modulePart: taught.part });
      if (previous) await em.update(SessionOutcomeEntity, { sessionId: id }, outcome);
      else await em.insert(SessionOutcomeEntity, outcome);
      await this.audit.record(auth, { action: 'session.outcome', targetType: 'session', targetId: id, wardId: ward.id }, em);
      return { current, shifts };
    });
    this.plans.forget(ward.id); // an outcome is a plan input (modules after a session not held move on)
    if (changed.shifts) {
      this.events.emit({ type: 'sessions-changed', wardId: ward.id, sessionIds: [id], facilitatorIds: leadFirst });
      await this.sessions.refreshGroupFrom(ward, changed.current.groupId, changed.current.occurrenceDate);
    }
    return this.sessions.get(auth, id);
  }

  /** 409 when one of these people is recorded as having run another session that overlaps this one, in any ward. */
  private async refuseRecordedElsewhere(em: EntityManager, session: SessionEntity, ids: string[]): Promise<void> {
    if (!ids.length) return;
    // Sessions last less than a day, so anything overlapping starts within a day before this one ends.
    const dayBefore = new Date(Date.parse(session.startsAt) - 86_400_000).toISOString();
    const overlapping = await em
      .createQueryBuilder(SessionEntity, 's')
      .where('s.id <> :id AND s.startsAt < :end AND s.endsAt > :start AND s.startsAt > :dayBefore', {
        id: session.id,
        end: session.endsAt,
        start: session.startsAt,
        dayBefore,
      })
      .getMany();
    if (!overlapping.length) return;
    const outcomes = await em.find(SessionOutcomeEntity, { where: { sessionId: In(overlapping.map((o) => o.id)), held: true } });
    for (const o of outcomes) {
      const who = ids.find((f) => o.facilitatorIds.includes(f));
      if (!who) continue;
      const [person, group] = await Promise.all([
        em.findOneBy(FacilitatorEntity, { id: who }),
        em.findOneBy(GroupEntity, { id: o.groupId }),
      ]);
      throw new ConflictError(
        `${person?.name ?? who} is recorded as running '${group?.name ?? o.groupId}' (session ${o.sessionId}) at that time`,
      );
    }
  }

  private async checkFacilitators(wardId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const pool = new Set(
      (await this.db.repo(FacilitatorWardEntity).find({ where: { wardId, facilitatorId: In(ids) } })).map((m) => m.facilitatorId),
    );
    const outside = ids.findIndex((f) => !pool.has(f));
    if (outside >= 0) throw new InvalidInputError(`facilitatorIds[${outside}]`, `is not a facilitator of this ward`);
  }
}

function checkShape(dto: RecordOutcomeDto): void {
  if (dto.held) return;
  if (!dto.reason?.trim()) throw new InvalidInputError('reason', 'is required when held is false');
  if (dto.facilitatorIds?.length) throw new InvalidInputError('facilitatorIds', 'must be left out when held is false');
  if (dto.moduleNumber !== undefined) throw new InvalidInputError('moduleNumber', 'must be left out when held is false');
}
