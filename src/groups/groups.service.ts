import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager, In, MoreThan } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Edition } from '../catalogue/catalogue';
import { Clock } from '../common/clock';
import { DomainEvents } from '../events/domain-events';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { RotaIntegrity } from '../common/rota-integrity';
import { addDays, localDate } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { AttendanceEntity } from '../database/schema/admission.entity';
import { AssignmentHistoryEntity, SessionAssignmentEntity } from '../database/schema/assignment.entity';
import { SessionEntity } from '../database/schema/session.entity';
import { SessionOutcomeEntity } from '../database/schema/session-outcome.entity';
import { AuditService } from '../audit/audit.service';
import { WardEntity } from '../database/schema/ward.entity';
import { WardsService } from '../wards/wards.service';
import { GroupSessions } from './group-sessions';
import { resolveCurriculum } from './schedule/curriculum';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';
import { CreateGroupDto, GroupDto, mapGroup, UpdateGroupDto } from './groups.dto';
import { validateRecurrence, validateSchedule } from './schedule/recurrence';

type VersionFields = Omit<GroupVersionEntity, 'id' | 'groupId' | 'effectiveFrom' | 'createdAt'>;

function checkRecurrence(rule: string): void {
  const reason = validateRecurrence(rule);
  if (reason) throw new InvalidInputError('recurrence', reason);
}

function curriculumOf(spec: 'core' | 'full' | number[], edition: Edition): number[] {
  const resolved = resolveCurriculum(spec, { modules: edition.modules, core: edition.core });
  if (typeof resolved === 'string') throw new InvalidInputError('curriculum', resolved);
  return resolved;
}

@Injectable()
export class GroupsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly wards: WardsService,
    private readonly sessions: GroupSessions,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    @Optional() private readonly integrity?: RotaIntegrity,
  ) {}

  private today(ward: WardEntity): string {
    return localDate(this.clock.now(), ward.timezone);
  }

  private async versionsOf(groupId: string, em: EntityManager = this.db.manager): Promise<GroupVersionEntity[]> {
    return em.find(GroupVersionEntity, { where: { groupId }, order: { effectiveFrom: 'ASC' } });
  }

  private async requireGroup(auth: AuthContext, wardId: string, groupId: string) {
    const ward = await this.wards.requireWard(auth, wardId);
    const group = await this.db.repo(GroupEntity).findOne({ where: { id: groupId, wardId } });
    if (!group) throw new NotFoundError('group', groupId);
    return { ward, group };
  }

  async create(auth: AuthContext, wardId: string, dto: CreateGroupDto): Promise<GroupDto> {
    const ward = await this.wards.requireWard(auth, wardId);
    this.sessions.checkRange(dto.startsOn, dto.startsOn, 'startsOn', 'startsOn');
    const problem = validateSchedule({ ...dto, timezone: ward.timezone });
    if (problem) throw new InvalidInputError(problem.field, problem.reason);
    const curriculum = curriculumOf(dto.curriculum, this.wards.editionOf(ward));
    const now = this.clock.now().toISOString();
    const { group, versions } = await this.db.transaction(async (em) => {
      const group = await em.save(
        em.create(GroupEntity, {
          id: newId(),
          wardId,
          name: dto.name,
          capacity: dto.capacity ?? this.config.groups.defaultCapacity,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn ?? null,
          excludedDates: [...new Set(dto.excludedDates ?? [])].sort(),
          createdAt: now,
          updatedAt: now,
        }),
      );
      const version = await em.save(
        em.create(GroupVersionEntity, {
          id: newId(),
          groupId: group.id,
          effectiveFrom: dto.startsOn,
          recurrence: dto.recurrence.replace(/^RRULE:/i, ''),
          startTime: dto.startTime,
          durationMinutes: dto.durationMinutes,
          curriculumSpec: dto.curriculum,
          curriculum,
          sessionsPerModule: dto.sessionsPerModule ?? 1,
          facilitatorsPerSession: dto.facilitatorsPerSession ?? 2,
          room: dto.room ?? null,
          createdAt: now,
        }),
      );
      return { group, versions: [version] };
    });
    // A new group is new sessions in the ward's windows (session lists and their cached plans).
    this.events.emit({ type: 'sessions-changed', wardId, sessionIds: [], facilitatorIds: [] });
    return mapGroup(group, versions);
  }

  async list(auth: AuthContext, wardId: string): Promise<GroupDto[]> {
    await this.wards.requireWard(auth, wardId);
    const groups = await this.db.repo(GroupEntity).find({ where: { wardId }, order: { name: 'ASC', id: 'ASC' } });
    const result: GroupDto[] = [];
    for (const group of groups) result.push(mapGroup(group, await this.versionsOf(group.id)));
    return result;
  }

  async get(auth: AuthContext, wardId: string, groupId: string): Promise<GroupDto> {
    const { group } = await this.requireGroup(auth, wardId, groupId);
    return mapGroup(group, await this.versionsOf(groupId));
  }

  /**
   * Changes a group from a date on. Schedule and curriculum changes become a new version, so sessions
   * before `effectiveFrom` (default: tomorrow, ward time) keep what they had.
   */
  /** Edits a group from a date on; the answer names the sessions whose assignment the edit broke. */
  async update(auth: AuthContext, wardId: string, groupId: string, dto: UpdateGroupDto): Promise<GroupDto> {
    if (!this.integrity) return this.edit(auth, wardId, groupId, dto);
    const { result, affectedSessions } = await this.integrity.watch({ groupIds: [groupId] }, () => this.edit(auth, wardId, groupId, dto));
    return { ...result, affectedSessions };
  }

  private async edit(auth: AuthContext, wardId: string, groupId: string, dto: UpdateGroupDto): Promise<GroupDto> {
    const { ward, group } = await this.requireGroup(auth, wardId, groupId);
    const today = this.today(ward);
    const effectiveFrom = dto.effectiveFrom ?? addDays(today, 1);
    if (effectiveFrom < today) throw new InvalidInputError('effectiveFrom', 'must not be in the past: past sessions never change');
    this.sessions.checkRange(effectiveFrom, effectiveFrom, 'effectiveFrom', 'effectiveFrom');
    if (dto.recurrence !== undefined) checkRecurrence(dto.recurrence);
    if (dto.excludedDates) {
      const before = new Set(group.excludedDates.filter((d) => d < effectiveFrom));
      const after = new Set(dto.excludedDates.filter((d) => d < effectiveFrom));
      if (before.size !== after.size || [...before].some((d) => !after.has(d))) {
        throw new InvalidInputError('excludedDates', `may change only from ${effectiveFrom} on`);
      }
    }
    const edition = this.wards.editionOf(ward);
    const now = this.clock.now().toISOString();
    const versionChange: Partial<VersionFields> = {
      ...(dto.recurrence !== undefined && { recurrence: dto.recurrence.replace(/^RRULE:/i, '') }),
      ...(dto.startTime !== undefined && { startTime: dto.startTime }),
      ...(dto.durationMinutes !== undefined && { durationMinutes: dto.durationMinutes }),
      ...(dto.curriculum !== undefined && { curriculumSpec: dto.curriculum, curriculum: curriculumOf(dto.curriculum, edition) }),
      ...(dto.sessionsPerModule !== undefined && { sessionsPerModule: dto.sessionsPerModule }),
      ...(dto.facilitatorsPerSession !== undefined && { facilitatorsPerSession: dto.facilitatorsPerSession }),
      ...(dto.room !== undefined && { room: dto.room }),
    };
    await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`sessions:${wardId}`]);
      if (Object.keys(versionChange).length) {
        const versions = await this.versionsOf(groupId, em);
        const inForce = [...versions].reverse().find((v) => v.effectiveFrom <= effectiveFrom) ?? versions[0];
        const at = effectiveFrom < group.startsOn ? group.startsOn : effectiveFrom;
        const existing = versions.find((v) => v.effectiveFrom === at);
        if (existing) {
          await em.update(GroupVersionEntity, { id: existing.id }, versionChange);
        } else {
          const { id: _id, createdAt: _c, effectiveFrom: _e, ...fields } = inForce;
          await em.insert(GroupVersionEntity, { ...fields, ...versionChange, id: newId(), effectiveFrom: at, createdAt: now });
        }
        // "From this date on" includes versions already planned later: they take the changed fields too.
        for (const later of versions.filter((v) => v.effectiveFrom > at)) {
          await em.update(GroupVersionEntity, { id: later.id }, versionChange);
        }
      }
      if (dto.name !== undefined && dto.name !== group.name) {
        // The name is in every calendar event's summary: raise SEQUENCE so calendar apps take it.
        await em.update(SessionEntity, { groupId, startsAt: MoreThan(now) }, { sequence: () => '"sequence" + 1', changedAt: now });
      }
      await em.update(
        GroupEntity,
        { id: groupId },
        {
          ...(dto.name !== undefined && { name: dto.name }),
          ...(dto.capacity !== undefined && { capacity: dto.capacity }),
          ...(dto.excludedDates !== undefined && { excludedDates: [...new Set(dto.excludedDates)].sort() }),
          updatedAt: now,
        },
      );
    });
    await this.sessions.refreshGroupFrom(ward, groupId, effectiveFrom < today ? today : effectiveFrom);
    // A new name or capacity changes what calendars show without touching session rows.
    this.events.emit({ type: 'sessions-changed', wardId, sessionIds: [], facilitatorIds: [] });
    return this.get(auth, wardId, groupId);
  }

  /**
   * Deletes a group made by mistake, with its versions, sessions, assignments and their history. Only while it
   * has no recorded facts: a session recorded as held, or attendance; otherwise 409 naming them (end it instead).
   */
  async remove(auth: AuthContext, wardId: string, groupId: string): Promise<void> {
    const { ward } = await this.requireGroup(auth, wardId, groupId);
    const facilitatorIds = await this.db.transaction(async (em) => {
      await this.db.lockKeys(em, [`sessions:${ward.id}`]);
      const sessions = await em.find(SessionEntity, { select: { id: true, occurrenceDate: true }, where: { groupId } });
      const ids = sessions.map((s) => s.id);
      const dateOf = new Map(sessions.map((s) => [s.id, s.occurrenceDate]));
      const held = (await em.find(SessionOutcomeEntity, { where: { groupId, held: true } })).map((o) => o.occurrenceDate).sort();
      const attended: string[] = [];
      for (let i = 0; i < ids.length; i += 400) {
        const rows = await em.find(AttendanceEntity, { select: { sessionId: true }, where: { sessionId: In(ids.slice(i, i + 400)) } });
        attended.push(...rows.map((r) => dateOf.get(r.sessionId)!));
      }
      const facts = [
        ...(held.length ? [`sessions held on ${held.join(', ')}`] : []),
        ...(attended.length ? [`attendance on ${[...new Set(attended)].sort().join(', ')}`] : []),
      ];
      if (facts.length) throw new ConflictError(`group ${groupId} has recorded facts: ${facts.join('; ')}; end it instead of deleting it`);
      const assigned = new Set<string>();
      for (let i = 0; i < ids.length; i += 400) {
        const batch = ids.slice(i, i + 400);
        for (const a of await em.find(SessionAssignmentEntity, { where: { sessionId: In(batch) } })) assigned.add(a.facilitatorId);
        await em.delete(SessionAssignmentEntity, { sessionId: In(batch) });
        await em.delete(AssignmentHistoryEntity, { sessionId: In(batch) });
        await em.delete(SessionEntity, { id: In(batch) });
      }
      await em.delete(SessionOutcomeEntity, { groupId });
      await em.delete(GroupVersionEntity, { groupId });
      await em.delete(GroupEntity, { id: groupId });
      await this.audit.record(auth, { action: 'group.delete', targetType: 'group', targetId: groupId, wardId: ward.id }, em);
      return [...assigned];
    });
    this.events.emit({ type: 'sessions-changed', wardId: ward.id, sessionIds: [], facilitatorIds });
  }

  /** Ends a group after `endsOn`: its later sessions disappear; earlier ones stay as they were. */
  async end(auth: AuthContext, wardId: string, groupId: string, endsOn: string): Promise<GroupDto> {
    const { ward } = await this.requireGroup(auth, wardId, groupId);
    const today = this.today(ward);
    if (endsOn < addDays(today, -1)) throw new InvalidInputError('endsOn', 'must not be in the past: past sessions never change');
    // Ending before the start is how a group made by mistake (or no longer wanted) never runs at all.
    await this.db.transaction((em) => em.update(GroupEntity, { id: groupId }, { endsOn, updatedAt: this.clock.now().toISOString() }));
    await this.sessions.refreshGroupFrom(ward, groupId, addDays(endsOn, 1));
    return this.get(auth, wardId, groupId);
  }
}
