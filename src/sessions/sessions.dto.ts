import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

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
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: 'scheduled' | 'cancelled';
  @ApiPropertyOptional({ nullable: true }) cancelReason: string | null;
  @ApiProperty({ description: 'Assigned by hand; re-planning leaves it alone' }) locked: boolean;
  @ApiProperty({ description: 'Released to calendars' }) published: boolean;
  @ApiProperty({ description: 'Raised on every change a calendar shows' }) sequence: number;
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
