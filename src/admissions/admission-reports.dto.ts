import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toWardInstant } from '../common/time';
import { AdmissionEntity } from '../database/schema/admission.entity';
import { AdmissionProgress } from './admission-progress.service';
import { ModulePartSession } from './stay/progress';
import { WardStats } from './stay/ward-stats';

export class ModulePartSessionDto {
  @ApiProperty({ example: 4 }) module: number;
  @ApiProperty({ example: 2, description: 'Which part of the module the session teaches (1..parts)' }) part: number;
  @ApiProperty() sessionId: string;
  @ApiProperty({ example: '2027-03-29T10:00:00+02:00' }) startsAt: string;
}

export class ProgressDto {
  @ApiProperty() admissionId: string;
  @ApiProperty({ enum: ['short', 'long'] }) stay: 'short' | 'long';
  @ApiProperty({ nullable: true }) expectedDischargeOn: string | null;
  @ApiProperty({ type: [Number] }) plannedModules: number[];
  @ApiProperty({ type: [Number], description: 'Planned modules with every part attended during the stay, in any order' })
  completedModules: number[];
  @ApiProperty({ type: [Number] }) remainingModules: number[];
  @ApiProperty({ type: [Number], description: 'Completed modules outside the plan (e.g. module 1 on a short stay)' })
  otherCompletedModules: number[];
  @ApiProperty({ type: [ModulePartSessionDto], description: 'Attended sessions, in the order they took place' })
  attended: ModulePartSessionDto[];
  @ApiProperty({
    type: [ModulePartSessionDto],
    description: 'The next held session for each missing part of each remaining module, before the expected discharge',
  })
  forecast: ModulePartSessionDto[];
  @ApiProperty({ description: 'A planned module cannot be completed before the expected discharge' }) atRisk: boolean;
  @ApiProperty({ type: [Number] }) atRiskModules: number[];
  @ApiProperty({
    type: [Number],
    description: 'Remaining modules to be offered after discharge: the ward’s groups do not teach them, or the stay is over',
  })
  afterDischarge: number[];
  @ApiProperty({
    nullable: true,
    description: 'Last day the forecast looked at: the expected discharge, or the planning horizon when unknown; null once discharged',
  })
  forecastUntil: string | null;
}

function mapSessions(sessions: ModulePartSession[], timezone: string): ModulePartSessionDto[] {
  return sessions.map((s) => ({ module: s.module, part: s.part, sessionId: s.sessionId, startsAt: toWardInstant(s.startsAt, timezone) }));
}

export function mapProgress(admission: AdmissionEntity, progress: AdmissionProgress, timezone: string): ProgressDto {
  return {
    admissionId: admission.id,
    stay: admission.stay,
    expectedDischargeOn: admission.expectedDischargeOn,
    plannedModules: progress.plannedModules,
    completedModules: progress.completedModules,
    remainingModules: progress.remainingModules,
    otherCompletedModules: progress.otherCompletedModules,
    attended: mapSessions(progress.attended, timezone),
    forecast: mapSessions(progress.forecast, timezone),
    atRisk: progress.atRisk,
    atRiskModules: progress.atRiskModules,
    afterDischarge: progress.afterDischarge,
    forecastUntil: progress.forecastUntil,
  };
}

export class WorklistQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    default: 14,
    description: 'Expected to leave within this many days (overdue stays included)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'withinDays must be a whole number of days' })
  @Min(0)
  @Max(365)
  withinDays?: number;
}

export class WorklistItemDto {
  @ApiProperty() admissionId: string;
  @ApiProperty() patientRef: string;
  @ApiProperty() admittedOn: string;
  @ApiProperty() expectedDischargeOn: string;
  @ApiProperty({ description: 'Days from today (ward-local) to the expected discharge; negative when overdue' }) daysLeft: number;
  @ApiProperty({ enum: ['short', 'long'] }) stay: 'short' | 'long';
  @ApiProperty({ type: [Number] }) plannedModules: number[];
  @ApiProperty({ type: [Number] }) completedModules: number[];
  @ApiProperty({ type: [Number] }) remainingModules: number[];
  @ApiProperty({ type: [Number] }) atRiskModules: number[];
  @ApiProperty() atRisk: boolean;
  @ApiProperty({ type: [Number], description: 'Remaining modules the ward does not offer: for the receiving service' })
  afterDischarge: number[];
  @ApiProperty({ type: [ModulePartSessionDto] }) forecast: ModulePartSessionDto[];
}

export function mapWorklistItem(
  admission: AdmissionEntity,
  progress: AdmissionProgress,
  daysLeft: number,
  timezone: string,
): WorklistItemDto {
  return {
    admissionId: admission.id,
    patientRef: admission.patientRef,
    admittedOn: admission.admittedOn,
    expectedDischargeOn: admission.expectedDischargeOn!,
    daysLeft,
    stay: admission.stay,
    plannedModules: progress.plannedModules,
    completedModules: progress.completedModules,
    remainingModules: progress.remainingModules,
    atRiskModules: progress.atRiskModules,
    atRisk: progress.atRisk,
    afterDischarge: progress.afterDischarge,
    forecast: mapSessions(progress.forecast, timezone),
  };
}

class ParticipantsDto {
  @ApiProperty({ nullable: true, description: 'Median participants over held sessions' }) median: number | null;
  @ApiProperty({ nullable: true }) max: number | null;
  @ApiProperty({ description: 'Held sessions with more than 8 participants (the fidelity group size)' }) over8: number;
  @ApiProperty({ description: 'Held sessions above their group’s capacity' }) overCapacity: number;
}

class MissedModuleDto {
  @ApiProperty() module: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Short stays discharged in the window without it' }) missedBy: number;
}

class FacilitatorHoursDto {
  @ApiProperty() facilitatorId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Held sessions this person actually ran' }) sessions: number;
  @ApiProperty({ example: 4.5 }) hours: number;
}

export class WardStatsDto {
  @ApiProperty() wardId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Sessions in the window recorded as held' }) sessionsHeld: number;
  @ApiProperty({ description: 'Sessions in the window recorded as not held' }) sessionsNotHeld: number;
  @ApiProperty({ description: 'Sessions that have started with no outcome recorded (not counted as held)' }) sessionsUnrecorded: number;
  @ApiProperty() sessionsCancelled: number;
  @ApiProperty({ type: [FacilitatorHoursDto], description: 'From who actually ran each held session, most hours first' })
  facilitatorHours: FacilitatorHoursDto[];
  @ApiProperty({ type: ParticipantsDto }) participantsPerSession: ParticipantsDto;
  @ApiProperty({ description: 'Short stays discharged in the window' }) shortStaysDischarged: number;
  @ApiProperty() shortStaysWithAllCore: number;
  @ApiProperty({ nullable: true, description: 'shortStaysWithAllCore / shortStaysDischarged; null when none' })
  shareShortStaysWithAllCore: number | null;
  @ApiProperty({ type: [MissedModuleDto] }) mostMissedModules: MissedModuleDto[];
}

export function mapWardStats(
  wardId: string,
  from: string,
  to: string,
  stats: WardStats,
  titleOf: (module: number) => string,
  nameOf: (facilitatorId: string) => string,
): WardStatsDto {
  return {
    wardId,
    from,
    to,
    sessionsHeld: stats.sessionsHeld,
    sessionsNotHeld: stats.sessionsNotHeld,
    sessionsUnrecorded: stats.sessionsUnrecorded,
    sessionsCancelled: stats.sessionsCancelled,
    facilitatorHours: stats.facilitatorHours.map((f) => ({ ...f, name: nameOf(f.facilitatorId) })),
    participantsPerSession: { ...stats.participantsPerSession },
    shortStaysDischarged: stats.shortStaysDischarged,
    shortStaysWithAllCore: stats.shortStaysWithAllCore,
    shareShortStaysWithAllCore: stats.shareShortStaysWithAllCore,
    mostMissedModules: stats.mostMissedModules.map((m) => ({ module: m.module, title: titleOf(m.module), missedBy: m.missedBy })),
  };
}
