/*
 * Who came to a session. Recording is idempotent (one row per session and admission) and refused,
 * naming the reason, when the session was cancelled (409), has not started yet (422: a coming
 * session's module still moves when an earlier one is cancelled), lies outside the stay (422:
 * before the admission day or after the discharge day, ward-local), or belongs to another ward than
 * the admission (422; 404 when the admission's ward is outside the key's scope). A group already at
 * capacity still gets the attendance, flagged overCapacity.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext, canSeeWard } from '../auth/auth-context';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { ConflictError, InvalidInputError, NotFoundError, UnprocessableError } from '../common/errors';
import { localDate } from '../common/time';
import { Database, IMR_DATABASE } from '../database/database';
import { SessionsService } from '../sessions/sessions.service';
import { GroupEntity } from '../database/schema/group.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { AdmissionEntity, AttendanceEntity } from '../database/schema/admission.entity';
import { AttendanceDto, mapAttendance, RegisterDto, SessionAttendanceDto } from './attendance.dto';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { recordingFacts } from './attendance-facts';
import { FIDELITY_GROUP_SIZE } from './stay/ward-stats';

interface AttendanceTarget {
  session: SessionEntity;
  ward: WardEntity;
  group: GroupEntity;
  admission: AdmissionEntity;
}

/** Every column is given: one INSERT, without TypeORM reading the row back for its defaults. */
async function insertAttendance(em: EntityManager, rows: AttendanceEntity[]): Promise<void> {
  if (!rows.length) return;
  await em.createQueryBuilder().insert().into(AttendanceEntity).values(rows).updateEntity(false).execute();
}

@Injectable()
export class AttendanceService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async record(auth: AuthContext, sessionId: string, admissionId: string): Promise<AttendanceDto> {
    const target = await this.requireTarget(auth, sessionId, admissionId);
    const now = this.clock.now();
    this.checkRecordable(target, now);
    const { session, ward, group, admission } = target;
    let created = false;
    const row = await this.db.transaction(async (em) => {
      // Checked again under the admission's lock, so a discharge or cancellation in between is seen.
      await this.db.lockKeys(em, [`admission:${admission.id}`, `attendance:${session.id}`]);
      // What the checks need, read again under the lock in one statement (the transaction holds SQLite's write lock while it runs).
      const fresh = await recordingFacts(em, session.id, admission.id);
      if (!fresh) {
        // Gone meanwhile: as findOneByOrFail answers it.
        await em.findOneByOrFail(AdmissionEntity, { id: admission.id });
        await em.findOneByOrFail(SessionEntity, { id: session.id });
      }
      this.checkRecordable(
        { ...target, admission: { ...admission, ...fresh!.admission }, session: { ...session, ...fresh!.session } },
        now,
      );
      if (fresh!.recorded) return fresh!.recorded;
      if (fresh!.notHeld) throw new ConflictError(`session ${session.id} was recorded as not held; nobody attended it`);
      const participants = fresh!.participants;
      const attendance = em.create(AttendanceEntity, {
        sessionId: session.id,
        admissionId: admission.id,
        wardId: ward.id,
        startsAt: session.startsAt,
        moduleNumber: session.moduleNumber,
        modulePart: session.modulePart,
        moduleParts: session.moduleParts,
        overCapacity: participants + 1 > group.capacity,
        recordedAt: now.toISOString(),
      });
      await insertAttendance(em, [attendance]);
      await this.audit.record(auth, { action: 'attendance.record', targetType: 'admission', targetId: admission.id, wardId: ward.id }, em);
      created = true;
      return attendance;
    });
    if (created) this.events.emit({ type: 'attendance-changed', wardId: ward.id, admissionIds: [admission.id] });
    return mapAttendance(row, ward.timezone);
  }

  /**
   * Replaces a session's whole register in one transaction: those not listed are taken off, the new ones
   * added, every check as for one attendance. Refused (409) for a session recorded as not held, and for a
   * change to the attendance of a discharged stay. Idempotent. Names who is over the fidelity group size.
   */
  async replaceRegister(auth: AuthContext, sessionId: string, admissionIds: string[]): Promise<RegisterDto> {
    const { session, ward, group } = await this.sessions.requireSession(auth, sessionId);
    const wanted = admissionIds.map((id) => id.toLowerCase());
    const repeated = wanted.findIndex((id, i) => wanted.indexOf(id) !== i);
    if (repeated >= 0) throw new InvalidInputError(`admissionIds[${repeated}]`, 'is listed twice');
    const now = this.clock.now();
    const admissions = wanted.length ? await this.db.repo(AdmissionEntity).find({ where: { id: In(wanted) } }) : [];
    const byId = new Map(admissions.map((a) => [a.id, a]));
    wanted.forEach((id, i) => {
      const admission = byId.get(id);
      if (!admission || !canSeeWard(auth, admission.wardId)) throw new NotFoundError(`admissionIds[${i}]: admission`, id);
      if (admission.wardId !== session.wardId) {
        throw new UnprocessableError(`admissionIds[${i}]: admission ${id} belongs to another ward than session ${sessionId}`);
      }
    });
    const register = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [...wanted.map((id) => `admission:${id}`).sort(), `attendance:${sessionId}`]);
      const current = await em.findOneByOrFail(SessionEntity, { id: sessionId });
      const outcome = await em.findOneBy(SessionOutcomeEntity, { sessionId });
      if (outcome?.held === false) throw new ConflictError(`session ${sessionId} was recorded as not held; nobody attended it`);
      const present = await em.find(AttendanceEntity, { where: { sessionId } });
      const stays = new Map<string, AdmissionEntity>();
      const involved = [...new Set([...wanted, ...present.map((r) => r.admissionId)])];
      for (const a of involved.length ? await em.find(AdmissionEntity, { where: { id: In(involved) } }) : []) stays.set(a.id, a);
      wanted.forEach((id, i) => {
        if (present.some((r) => r.admissionId === id)) return;
        try {
          this.checkRecordable({ session: current, ward, group, admission: stays.get(id)! }, now);
        } catch (error) {
          if (error instanceof ConflictError || error instanceof UnprocessableError) {
            throw new (error.constructor as typeof UnprocessableError)(`admissionIds[${i}]: ${error.message}`);
          }
          throw error;
        }
        if (stays.get(id)!.status === 'discharged') {
          throw new ConflictError(`admissionIds[${i}]: the stay of admission ${id} has been discharged; its attendance no longer changes`);
        }
      });
      const removed = present.filter((r) => !wanted.includes(r.admissionId));
      const closed = removed.find((r) => stays.get(r.admissionId)?.status === 'discharged');
      if (closed)
        throw new ConflictError(`the stay of admission ${closed.admissionId} has been discharged; its attendance no longer changes`);
      for (const row of removed) await em.delete(AttendanceEntity, { sessionId, admissionId: row.admissionId });
      const at = now.toISOString();
      const added: AttendanceEntity[] = [];
      for (const [index, id] of wanted.entries()) {
        const overCapacity = index + 1 > group.capacity;
        const existing = present.find((r) => r.admissionId === id);
        if (existing) {
          if (existing.overCapacity !== overCapacity) await em.update(AttendanceEntity, { sessionId, admissionId: id }, { overCapacity });
          continue;
        }
        added.push(
          em.create(AttendanceEntity, {
            sessionId,
            admissionId: id,
            wardId: ward.id,
            startsAt: current.startsAt,
            moduleNumber: current.moduleNumber,
            modulePart: current.modulePart,
            moduleParts: current.moduleParts,
            overCapacity,
            recordedAt: at,
          }),
        );
      }
      await insertAttendance(em, added);
      await this.audit.record(auth, { action: 'attendance.register', targetType: 'session', targetId: sessionId, wardId: ward.id }, em);
      return { wanted, involved };
    });
    this.events.emit({ type: 'attendance-changed', wardId: ward.id, admissionIds: register.involved });
    const rows = register.wanted;
    return { sessionId, admissionIds: rows, fidelityGroupSize: FIDELITY_GROUP_SIZE, overCapacity: rows.slice(FIDELITY_GROUP_SIZE) };
  }

  /** Removes a recorded attendance; removing one that is not there changes nothing. */
  async remove(auth: AuthContext, sessionId: string, admissionId: string): Promise<void> {
    const { session, ward, admission } = await this.requireTarget(auth, sessionId, admissionId);
    const removed = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`admission:${admission.id}`, `attendance:${session.id}`]);
      const current = await em.findOneByOrFail(AdmissionEntity, { id: admission.id });
      // A closed stay's record is what its referral was built from.
      if (current.status === 'discharged') throw new ConflictError('the stay has been discharged; its attendance no longer changes');
      const result = await em.delete(AttendanceEntity, { sessionId: session.id, admissionId: admission.id });
      if (result.affected) {
        await this.audit.record(
          auth,
          { action: 'attendance.remove', targetType: 'admission', targetId: admission.id, wardId: ward.id },
          em,
        );
      }
      return !!result.affected;
    });
    if (removed) this.events.emit({ type: 'attendance-changed', wardId: ward.id, admissionIds: [admission.id] });
  }

  async listForSession(auth: AuthContext, sessionId: string): Promise<SessionAttendanceDto> {
    const { session, ward, group } = await this.sessions.requireSession(auth, sessionId);
    const rows = await this.db
      .repo(AttendanceEntity)
      .find({ where: { sessionId: session.id }, order: { recordedAt: 'ASC', admissionId: 'ASC' } });
    const admissions = rows.length
      ? await this.db
          .repo(AdmissionEntity)
          .find({ select: { id: true, patientRef: true }, where: { id: In(rows.map((r) => r.admissionId)) } })
      : [];
    const refs = new Map(admissions.map((a) => [a.id, a.patientRef]));
    return {
      sessionId: session.id,
      capacity: group.capacity,
      participants: rows.length,
      overCapacity: rows.length > group.capacity,
      attendees: rows.map((row) => ({
        admissionId: row.admissionId,
        patientRef: refs.get(row.admissionId) ?? '',
        overCapacity: row.overCapacity,
        recordedAt: mapAttendance(row, ward.timezone).recordedAt,
      })),
    };
  }

  private async requireTarget(auth: AuthContext, sessionId: string, admissionId: string): Promise<AttendanceTarget> {
    // Both reads at once; the session's answer (404, scope) still comes first.
    const admissionRead = this.db.repo(AdmissionEntity).findOne({ where: { id: admissionId } });
    admissionRead.catch(() => undefined); // awaited below, where a failure surfaces
    const { session, ward, group } = await this.sessions.requireSession(auth, sessionId);
    const admission = await admissionRead;
    if (!admission || !canSeeWard(auth, admission.wardId)) throw new NotFoundError('admission', admissionId);
    if (admission.wardId !== session.wardId) {
      throw new UnprocessableError(`admission ${admissionId} belongs to another ward than session ${sessionId}`);
    }
    return { session, ward, group, admission };
  }

  private checkRecordable({ session, ward, admission }: AttendanceTarget, now: Date): void {
    if (session.status === 'cancelled') throw new ConflictError(`session ${session.id} was cancelled; nobody can attend it`);
    if (session.startsAt > now.toISOString()) {
      throw new UnprocessableError(`session ${session.id} has not started yet; attendance is recorded once it has begun`);
    }
    const day = localDate(session.startsAt, ward.timezone);
    if (day < admission.admittedOn) {
      throw new UnprocessableError(`session ${session.id} on ${day} is outside the stay: before the admission on ${admission.admittedOn}`);
    }
    if (admission.dischargedOn !== null && day > admission.dischargedOn) {
      throw new UnprocessableError(`session ${session.id} on ${day} is outside the stay: after the discharge on ${admission.dischargedOn}`);
    }
  }
}
