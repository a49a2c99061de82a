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
}

export class CancelSessionDto {
  @ApiProperty({ example: 'Ward outing' })
  @IsString()
  @Length(1, 500)
  reason: string;
}
