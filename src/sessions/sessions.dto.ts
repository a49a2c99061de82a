import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class SessionModuleDto {
  @ApiProperty({ example: 5 }) number: number;
  @ApiProperty({ example: 'Coping With Stress' }) title: string;
}

export class SessionFacilitatorDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role: 'lead' | 'co';
}

export class SessionConflictDto {
  @ApiProperty({ nullable: true, description: 'The person the rule concerns (null for understaffed)' }) facilitatorId: string | null;
  @ApiProperty({
    enum: ['absent', 'unavailable', 'over-cap', 'clash', 'inactive', 'not-in-pool', 'untrained-lead', 'no-trained', 'understaffed'],
  })
  rule: string;
  @ApiProperty({ example: 'Kari Nordmann is absent 5–18 April' }) detail: string;
}

export class SessionOutcomeDto {
  @ApiProperty({ description: 'false: the session did not take place' }) held: boolean;
  @ApiProperty({ nullable: true, description: 'Why it was not held (or a note)' }) reason: string | null;
  @ApiProperty({ type: [String], description: 'Who actually ran it, lead first; empty when not held' }) facilitatorIds: string[];
  @ApiProperty({ nullable: true, description: 'The module actually taught; null when not held' }) moduleNumber: number | null;
  @ApiProperty({ example: '2027-03-29T11:05:00+02:00' }) recordedAt: string;
}

export class SessionDto {
  @ApiProperty({ description: 'Stable: derived from the group and the ward-local date' }) id: string;
  @ApiProperty() groupId: string;
  @ApiProperty() groupName: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ example: '2027-03-29', description: 'Ward-local day' }) date: string;
  @ApiProperty({ example: '2027-03-29T10:00:00+02:00' }) startsAt: string;
  @ApiProperty({ example: '2027-03-29T11:00:00+02:00' }) endsAt: string;
  @ApiProperty({ type: SessionModuleDto }) module: SessionModuleDto;
  @ApiProperty({ example: 1, description: 'Which part of the module this session is' }) part: number;
  @ApiProperty({ example: 2 }) parts: number;
  @ApiProperty({ nullable: true }) room: string | null;
  @ApiProperty() capacity: number;
  @ApiProperty() facilitatorsPerSession: number;
  @ApiProperty({ type: [SessionFacilitatorDto], description: 'Lead first' }) facilitators: SessionFacilitatorDto[];
  @ApiProperty({ enum: ['scheduled', 'cancelled', 'not-held'], description: 'not-held: started, and recorded as not held' })
  status: 'scheduled' | 'cancelled' | 'not-held';
  @ApiPropertyOptional({ nullable: true }) cancelReason: string | null;
  @ApiProperty({ description: 'Assigned by hand; re-planning leaves it alone' }) locked: boolean;
  @ApiProperty({ description: 'Released to calendars' }) published: boolean;
  @ApiProperty({ description: 'Raised on every change a calendar shows' }) sequence: number;
  @ApiProperty({ type: SessionOutcomeDto, nullable: true, description: 'What really happened; null until recorded' })
  outcome: SessionOutcomeDto | null;
  @ApiProperty({ type: [SessionConflictDto], description: 'Hard rules the current assignment breaks now (none once started or cancelled)' })
  conflicts: SessionConflictDto[];
  @ApiPropertyOptional({ type: [String], description: 'Uncancel only: the sessions this write broke' }) affectedSessions?: string[];
}

export class CancelSessionDto {
  @ApiProperty({ example: 'Ward outing' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class RecordOutcomeDto {
  @ApiProperty({ description: 'Whether the session took place' })
  @IsBoolean()
  held: boolean;

  @ApiPropertyOptional({ example: 'Facilitator ill, no cover', description: 'Required when held is false' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: 'Who actually ran it, lead first (default: those assigned); only when held' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true, message: 'must be a UUID' })
  facilitatorIds?: string[];

  @ApiPropertyOptional({ example: 4, description: 'The module actually taught (default: the one planned); only when held' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  moduleNumber?: number;
}
