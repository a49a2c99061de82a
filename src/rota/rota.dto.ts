import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsUUID, Max, Min, Validate } from 'class-validator';
import { SessionDto } from '../sessions/sessions.dto';
import { CalendarDate } from '../http/validators';

export class PlanRotaDto {
  @ApiProperty({ example: '2027-03-01' }) @Validate(CalendarDate) from: string;
  @ApiProperty({ example: '2027-05-23' }) @Validate(CalendarDate) to: string;
  @ApiPropertyOptional({
    default: false,
    description: 'Then move unlocked sessions toward even shares, only while that lowers the largest share or evens the others',
  })
  @IsOptional()
  @IsBoolean()
  rebalance?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Answer what the plan would do and write nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10000,
    description: 'With rebalance: change at most this many sessions (repairs are not counted)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  maxChanges?: number;
}

export class PublishRotaDto {
  @ApiProperty({ example: '2027-03-01' }) @Validate(CalendarDate) from: string;
  @ApiProperty({ example: '2027-05-23' }) @Validate(CalendarDate) to: string;
}

export class AssignFacilitatorsDto {
  @ApiProperty({ type: [String], description: 'Lead first' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsUUID('all', { each: true })
  facilitatorIds: string[];
}

export class UnfilledDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ enum: ['no-trained-facilitator', 'pool-too-small', 'all-at-cap', 'not-planned'] }) reason: string;
}

export class LoadDto {
  @ApiProperty() facilitatorId: string;
  @ApiProperty() name: string;
  @ApiProperty() sessions: number;
  @ApiProperty() leads: number;
  @ApiProperty() minutes: number;
  @ApiProperty({ description: 'Sessions in the window the person could work at all' }) availableSessions: number;
  @ApiProperty({ description: 'sessions / availableSessions: the fairness measure' }) share: number;
}

export class FairnessDto {
  @ApiProperty({ description: 'The largest share; the planner makes it as small as the rules allow' }) maxShare: number;
  @ApiProperty({ description: 'Sessions with a pair that already worked together in the window' }) repeatedPairs: number;
}

export const RULES = [
  'absent',
  'unavailable',
  'over-cap',
  'clash',
  'inactive',
  'not-in-pool',
  'untrained-lead',
  'no-trained',
  'understaffed',
];

export class LockedBreachDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ nullable: true, description: 'The person the rule concerns (null for understaffed)' }) facilitatorId: string | null;
  @ApiProperty({ enum: RULES }) rule: string;
  @ApiProperty({ example: 'Kari Nordmann is absent 5–18 April' }) detail: string;
}

export class RotaSummaryDto {
  @ApiProperty() assigned: number;
  @ApiProperty({ type: [UnfilledDto] }) unfilled: UnfilledDto[];
  @ApiProperty({ type: [LoadDto] }) load: LoadDto[];
  @ApiProperty({ type: FairnessDto }) fairness: FairnessDto;
  @ApiProperty({ type: [LockedBreachDto], description: 'Locked sessions whose manual assignment breaks a rule, with the rule' })
  locked: LockedBreachDto[];
  @ApiProperty({
    type: [LockedBreachDto],
    description: 'Every session whose assignment breaks a hard rule, locked or not (as rota/conflicts)',
  })
  conflicts: LockedBreachDto[];
  @ApiPropertyOptional({ description: 'Sessions whose facilitators changed in this plan' }) changed?: number;
  @ApiPropertyOptional({
    type: [LockedBreachDto],
    description: 'Plan only: the rules locked sessions broke before this plan (what it found, mended or not)',
  })
  lockedIssues?: LockedBreachDto[];
}

export class AssignmentChangeDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: [String], description: 'Lead first' }) before: string[];
  @ApiProperty({ type: [String], description: 'Lead first' }) after: string[];
  @ApiPropertyOptional({ description: 'Why, when a fact forced the change of a locked session' }) reason?: string;
}

export class RebalanceGainDto {
  @ApiProperty() maxShareBefore: number;
  @ApiProperty() maxShareAfter: number;
  @ApiProperty({ description: 'Largest minus smallest share in the ward’s active pool, as the rota stood' }) spreadBefore: number;
  @ApiProperty() spreadAfter: number;
}

export class PlanResultDto {
  @ApiProperty({ type: [SessionDto] }) sessions: SessionDto[];
  @ApiProperty({ type: RotaSummaryDto }) summary: RotaSummaryDto;
  @ApiProperty({ type: [AssignmentChangeDto], description: 'Every session whose facilitators this plan changes' })
  changes: AssignmentChangeDto[];
  @ApiPropertyOptional({ type: RebalanceGainDto, description: 'With rebalance' }) gain?: RebalanceGainDto;
  @ApiProperty({ description: 'true: nothing was written' }) dryRun: boolean;
}

export class ConflictDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ example: '2027-03-29T10:00:00+02:00' }) startsAt: string;
  @ApiProperty({ nullable: true }) facilitatorId: string | null;
  @ApiProperty({ enum: RULES }) rule: string;
  @ApiProperty({ example: 'Kari Nordmann is absent 5–18 April' }) detail: string;
  @ApiProperty() locked: boolean;
}

export class CandidateReasonDto {
  @ApiProperty({ enum: RULES }) rule: string;
  @ApiProperty({ example: 'Ola is at weekly cap 2/2' }) detail: string;
}

export class CandidateDto {
  @ApiProperty() facilitatorId: string;
  @ApiProperty() name: string;
  @ApiProperty() trained: boolean;
  @ApiProperty({ description: 'No rule rules them out' }) eligible: boolean;
  @ApiProperty({ description: 'Eligible and IMR-trained' }) canLead: boolean;
  @ApiProperty({ description: 'On this session now' }) assigned: boolean;
  @ApiProperty({ type: [CandidateReasonDto] }) reasons: CandidateReasonDto[];
}

export class PublishedStateDto {
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: string;
  @ApiProperty({ type: [String], description: 'Lead first' }) facilitatorIds: string[];
}

export class PublicationChangeDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: PublishedStateDto, description: 'As last published' }) before: PublishedStateDto;
  @ApiProperty({ type: PublishedStateDto, description: 'As published now' }) after: PublishedStateDto;
}

export class PublishResultDto {
  @ApiProperty({ description: 'Sessions released to calendars for the first time' }) published: number;
  @ApiProperty({ type: [PublicationChangeDto], description: 'Sessions published before whose time, status or facilitators changed since' })
  changes: PublicationChangeDto[];
}

export class AssignmentHistoryDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true }) keyId: string | null;
  @ApiProperty({ example: 'manual' }) action: string;
  @ApiProperty() before: { facilitatorId: string; role: string }[];
  @ApiProperty() after: { facilitatorId: string; role: string }[];
  @ApiProperty({ nullable: true, description: 'Why, when a fact forced the change' }) reason: string | null;
}
