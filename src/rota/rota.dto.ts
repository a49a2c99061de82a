import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsUUID, Validate } from 'class-validator';
import { SessionDto } from '../sessions/sessions.dto';
import { CalendarDate } from '../http/validators';

export class PlanRotaDto {
  @ApiProperty({ example: '2027-03-01' }) @Validate(CalendarDate) from: string;
  @ApiProperty({ example: '2027-05-23' }) @Validate(CalendarDate) to: string;
  @ApiPropertyOptional({ default: false, description: 'Redistribute valid unlocked assignments too' })
  @IsOptional()
  @IsBoolean()
  rebalance?: boolean;
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
  @ApiProperty({ enum: ['no-trained-facilitator', 'pool-too-small', 'all-at-cap'] }) reason: string;
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

export const RULES = ['absent', 'unavailable', 'over-cap', 'clash', 'inactive', 'not-in-pool', 'untrained-lead', 'no-trained', 'understaffed'];

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
  @ApiPropertyOptional({ description: 'Sessions whose facilitators changed in this plan' }) changed?: number;
  @ApiPropertyOptional({
    type: [LockedBreachDto],
    description: 'Plan only: the rules locked sessions broke before this plan (what it found, mended or not)',
  })
  lockedIssues?: LockedBreachDto[];
}

export class PlanResultDto {
  @ApiProperty({ type: [SessionDto] }) sessions: SessionDto[];
  @ApiProperty({ type: RotaSummaryDto }) summary: RotaSummaryDto;
}

export class PublishResultDto {
  @ApiProperty() published: number;
}

export class AssignmentHistoryDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true }) keyId: string | null;
  @ApiProperty({ example: 'manual' }) action: string;
  @ApiProperty() before: { facilitatorId: string; role: string }[];
  @ApiProperty() after: { facilitatorId: string; role: string }[];
}
