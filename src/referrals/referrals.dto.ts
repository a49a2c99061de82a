import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { toWardInstant } from '../common/time';
import { SETTABLE_STATUSES, SettableStatus } from './documents/referral-lifecycle';
import { ReferralEditEntity, ReferralEntity, ReferralEventEntity } from '../database/schema/referral.entity';
import type { ReferralStatus } from './documents/referral-lifecycle';
import { ReceivingServiceKind } from './documents/referral-snapshot';
import { LETTER_FIELDS } from './documents/referral-snapshot.builder';
import { ReferralLetterFieldsDto } from './referral-letter-fields.dto';

export class ReferralWardDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Europe/Oslo' }) timezone: string;
  @ApiProperty({ nullable: true }) contactPerson: string | null;
  @ApiProperty({ nullable: true }) replyAddress: string | null;
  @ApiPropertyOptional({ enum: ['nb', 'en'], description: 'The ward’s language at discharge' }) language?: 'nb' | 'en';
  @ApiPropertyOptional({ nullable: true }) organizationNumber?: string | null;
  @ApiPropertyOptional({ nullable: true }) reshId?: string | null;
}

export class ReferralReceivingServiceDto {
  @ApiProperty({ enum: ['outpatient-clinic', 'district-psychiatric-centre', 'municipal-service'] }) kind: ReceivingServiceKind;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) contact: string | null;
  @ApiProperty({ nullable: true }) organizationNumber: string | null;
  @ApiProperty({ nullable: true }) herId: string | null;
}

export class ReferralModuleDto {
  @ApiPropertyOptional({ description: 'Stable module id' }) id?: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, description: 'Bokmål title at discharge' }) titleNb: string | null;
  @ApiProperty() core: boolean;
}

export class CompletedModuleDto {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2027-03-10', description: 'Ward-local day the module was completed' }) completedOn: string;
}

export class ReferralGoalDto {
  @ApiProperty({ description: 'In the person’s own words' }) text: string;
  @ApiProperty({ nullable: true }) progress: string | null;
}

export class ReferralSocialSituationDto {
  @ApiProperty({ nullable: true }) housing: string | null;
  @ApiProperty({ nullable: true }) workOrEducation: string | null;
  @ApiProperty({ nullable: true }) finances: string | null;
  @ApiProperty({ nullable: true }) network: string | null;
}

export class ReferralPreferencesDto {
  @ApiProperty({ enum: ['group', 'individual'], nullable: true }) format: 'group' | 'individual' | null;
  @ApiProperty({ nullable: true }) language: string | null;
  @ApiProperty({ nullable: true }) timeOfDay: string | null;
}

export class ReferralDto extends ReferralLetterFieldsDto {
  @ApiProperty() id: string;
  @ApiProperty() admissionId: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ description: 'Ward-local pseudonymous reference' }) patientRef: string;
  @ApiProperty({ type: ReferralWardDto, description: 'The ward as it was at discharge' }) ward: ReferralWardDto;
  @ApiProperty({ type: ReferralReceivingServiceDto }) receivingService: ReferralReceivingServiceDto;
  @ApiProperty({ enum: ['short', 'long'] }) stay: 'short' | 'long';
  @ApiProperty() admittedOn: string;
  @ApiProperty() dischargedOn: string;
  @ApiProperty({ example: { id: 'imr-norway', name: 'IMR, …' } }) edition: { id: string; name: string };
  @ApiProperty({ type: [ReferralModuleDto], description: 'The edition’s modules at discharge' }) modules: ReferralModuleDto[];
  @ApiProperty({ type: [CompletedModuleDto] }) completedModules: CompletedModuleDto[];
  @ApiProperty({ type: [Number], description: 'Modules of the full program not yet completed' }) remainingModules: number[];
  @ApiProperty({ type: [Number], description: 'Core (short-stay) modules not yet completed' }) coreModulesMissing: number[];
  @ApiProperty({ example: { sessionsAttended: 12, firstOn: '2027-02-10', lastOn: '2027-03-26' } })
  attendance: { sessionsAttended: number; firstOn: string | null; lastOn: string | null };
  @ApiProperty({ type: [ReferralGoalDto] }) recoveryGoals: ReferralGoalDto[];
  @ApiProperty({ type: [String] }) whatHelps: string[];
  @ApiProperty({ type: [String] }) strengths: string[];
  @ApiProperty({ type: ReferralSocialSituationDto }) socialSituation: ReferralSocialSituationDto;
  @ApiProperty({ type: [String] }) significantOthers: string[];
  @ApiProperty({ type: [String] }) handoutsGiven: string[];
  @ApiProperty({ nullable: true }) planForStayingWell: string | null;
  @ApiProperty({ type: ReferralPreferencesDto }) preferences: ReferralPreferencesDto;
  @ApiProperty({ example: { sharingConsented: true, patientGetsCopy: true } })
  consent: { sharingConsented: boolean; patientGetsCopy: boolean };
  @ApiProperty({ enum: ['draft', 'sent', 'accepted', 'declined', 'withdrawn'] }) status: ReferralStatus;
  @ApiProperty({ nullable: true, description: 'Why it was declined (or a note on the last change)' }) statusReason: string | null;
  @ApiProperty({ nullable: true, description: 'Set when a draft has waited longer than configured' }) overdueSince: string | null;
  @ApiProperty({ example: '2027-03-29T10:15:00+02:00' }) createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function mapReferral(r: ReferralEntity): ReferralDto {
  const s = r.snapshot;
  const zone = s.ward.timezone;
  const title = (n: number) => s.modules.find((m) => m.number === n)?.title ?? `Module ${n}`;
  return {
    id: r.id,
    admissionId: r.admissionId,
    wardId: r.wardId,
    patientRef: s.patientRef,
    ward: { ...s.ward },
    receivingService: {
      kind: s.receivingService.kind,
      name: s.receivingService.name,
      contact: s.receivingService.contact ?? null,
      organizationNumber: s.receivingService.organizationNumber ?? null,
      herId: s.receivingService.herId ?? null,
    },
    ...Object.fromEntries(LETTER_FIELDS.filter((f) => s[f] !== undefined).map((f) => [f, s[f]])),
    stay: s.stay,
    admittedOn: s.admittedOn,
    dischargedOn: s.dischargedOn,
    edition: { ...s.edition },
    modules: s.modules.map((m) => ({
      ...(m.id && { id: m.id }),
      number: m.number,
      title: m.title,
      titleNb: m.titleNb ?? null,
      core: m.core,
    })),
    completedModules: s.completedModules.map((c) => ({ number: c.number, title: title(c.number), completedOn: c.completedOn })),
    remainingModules: [...s.remainingModules],
    coreModulesMissing: [...s.coreModulesMissing],
    attendance: { ...s.attendance },
    recoveryGoals: s.recoveryGoals.map((g) => ({ text: g.text, progress: g.progress ?? null })),
    whatHelps: s.whatHelps ?? [],
    strengths: s.strengths ?? [],
    socialSituation: {
      housing: s.socialSituation?.housing ?? null,
      workOrEducation: s.socialSituation?.workOrEducation ?? null,
      finances: s.socialSituation?.finances ?? null,
      network: s.socialSituation?.network ?? null,
    },
    significantOthers: s.significantOthers ?? [],
    handoutsGiven: s.handoutsGiven ?? [],
    planForStayingWell: s.planForStayingWell ?? null,
    preferences: {
      format: s.preferences?.format ?? null,
      language: s.preferences?.language ?? null,
      timeOfDay: s.preferences?.timeOfDay ?? null,
    },
    consent: { ...s.consent },
    status: r.status,
    statusReason: r.statusReason,
    overdueSince: r.overdueSince && toWardInstant(r.overdueSince, zone),
    createdAt: toWardInstant(r.createdAt, zone),
    updatedAt: toWardInstant(r.updatedAt, zone),
  };
}

export class ChangeReferralStatusDto {
  @ApiProperty({ enum: SETTABLE_STATUSES, description: 'draft → sent → accepted | declined' })
  @IsIn(SETTABLE_STATUSES)
  status: SettableStatus;

  @ApiPropertyOptional({ description: 'Required when declined' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ReferralEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['draft', 'sent', 'accepted', 'declined', 'withdrawn'] }) status: ReferralStatus;
  @ApiProperty({ example: '2027-03-29T10:15:00+02:00' }) at: string;
  @ApiProperty({ nullable: true }) reason: string | null;
  @ApiProperty({ nullable: true, description: 'The key that made the change' }) keyId: string | null;
}

export function mapReferralEvent(e: ReferralEventEntity, zone: string): ReferralEventDto {
  return { id: e.id, status: e.status, at: toWardInstant(e.at, zone), reason: e.reason, keyId: e.keyId };
}

export class ReferralEditDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2027-02-10T09:12:00+01:00' }) at: string;
  @ApiProperty({ nullable: true, description: 'The key that made the edit' }) keyId: string | null;
  @ApiProperty({ type: [String], description: 'The fields that changed' }) fields: string[];
  @ApiProperty({ description: 'Those fields before the edit' }) before: Record<string, unknown>;
  @ApiProperty({ description: 'Those fields after the edit' }) after: Record<string, unknown>;
}

export function mapReferralEdit(e: ReferralEditEntity, zone: string): ReferralEditDto {
  return { id: e.id, at: toWardInstant(e.at, zone), keyId: e.keyId, fields: e.fields, before: e.before, after: e.after };
}
