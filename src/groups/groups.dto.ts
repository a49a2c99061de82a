import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Matches, Max, Min, Validate, ValidateIf } from 'class-validator';
import { TIME_PATTERN } from '../common/time';
import { CalendarDate, IsOmittedOrValid } from '../http/validators';
import { CurriculumValue } from './curriculum.validator';
import { GroupEntity, GroupVersionEntity } from '../database/schema/group.entity';

const CURRICULUM_DOC =
  '"core" (the ward’s short-stay modules), "full" (all modules of the edition) or module numbers in teaching order. ' +
  'The curriculum cycles forever and advances only on held sessions: a cancelled session’s module moves to the next held session.';

export class CreateGroupDto {
  @ApiProperty({ example: 'IMR open group' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', description: 'RFC 5545 RRULE value: DAILY, WEEKLY or MONTHLY' })
  @IsString()
  @Length(1, 500)
  recurrence: string;

  @ApiProperty({ example: '10:00', description: 'Ward-local wall-clock start' })
  @IsString()
  @Matches(TIME_PATTERN, { message: 'startTime must be a ward-local time HH:mm' })
  startTime: string;

  @ApiProperty({ example: 60, minimum: 15, maximum: 240 })
  @IsInt()
  @Min(15)
  @Max(240)
  durationMinutes: number;

  @ApiProperty({ example: '2027-01-04' })
  @Validate(CalendarDate)
  startsOn: string;

  @ApiPropertyOptional({ example: '2027-12-17' })
  @IsOptional()
  @Validate(CalendarDate)
  endsOn?: string;

  @ApiPropertyOptional({ type: [String], example: ['2027-03-25', '2027-03-26'], description: 'Holidays: no session' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Validate(CalendarDate, { each: true })
  excludedDates?: string[];

  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['core', 'full'] },
      { type: 'array', items: { type: 'integer' } },
    ],
    description: CURRICULUM_DOC,
  })
  @Validate(CurriculumValue)
  curriculum: 'core' | 'full' | number[];

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 12, description: 'Sessions per module (parts)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  sessionsPerModule?: number;

  @ApiPropertyOptional({ default: 2, minimum: 1, maximum: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  facilitatorsPerSession?: number;

  @ApiPropertyOptional({ default: 8, minimum: 1, maximum: 30, description: 'IMR fidelity: 8 or fewer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  capacity?: number;

  @ApiPropertyOptional({ example: 'Peisestua' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  room?: string;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ description: 'First ward-local day the change applies to (default: tomorrow). Earlier sessions never change.' })
  @IsOptional()
  @Validate(CalendarDate)
  effectiveFrom?: string;

  @ApiPropertyOptional() @IsOmittedOrValid() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOmittedOrValid() @IsString() @Length(1, 500) recurrence?: string;
  @ApiPropertyOptional()
  @IsOmittedOrValid()
  @IsString()
  @Matches(TIME_PATTERN, { message: 'startTime must be a ward-local time HH:mm' })
  startTime?: string;
  @ApiPropertyOptional() @IsOmittedOrValid() @IsInt() @Min(15) @Max(240) durationMinutes?: number;
  @ApiPropertyOptional({ description: CURRICULUM_DOC }) @IsOmittedOrValid() @Validate(CurriculumValue) curriculum?:
    'core' | 'full' | number[];
  @ApiPropertyOptional() @IsOmittedOrValid() @IsInt() @Min(1) @Max(12) sessionsPerModule?: number;
  @ApiPropertyOptional() @IsOmittedOrValid() @IsInt() @Min(1) @Max(3) facilitatorsPerSession?: number;
  @ApiPropertyOptional() @IsOmittedOrValid() @IsInt() @Min(1) @Max(30) capacity?: number;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 200)
  room?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the holiday list (only future dates may change)' })
  @IsOmittedOrValid()
  @IsArray()
  @ArrayMaxSize(1000)
  @Validate(CalendarDate, { each: true })
  excludedDates?: string[];
}

export class EndGroupDto {
  @ApiProperty({ example: '2027-06-30', description: 'Last ward-local day with sessions' })
  @Validate(CalendarDate)
  endsOn: string;
}

export class GroupVersionDto {
  @ApiProperty() effectiveFrom: string;
  @ApiProperty() recurrence: string;
  @ApiProperty() startTime: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] }) curriculumSpec: 'core' | 'full' | number[];
  @ApiProperty({ type: [Number] }) curriculum: number[];
  @ApiProperty() sessionsPerModule: number;
  @ApiProperty() facilitatorsPerSession: number;
  @ApiProperty({ nullable: true }) room: string | null;
}

export class GroupDto extends GroupVersionDto {
  @ApiProperty() id: string;
  @ApiProperty() wardId: string;
  @ApiProperty() name: string;
  @ApiProperty() capacity: number;
  @ApiProperty() startsOn: string;
  @ApiProperty({ nullable: true }) endsOn: string | null;
  @ApiProperty({ type: [String] }) excludedDates: string[];
  @ApiProperty({ type: [GroupVersionDto], description: 'Schedule history; the last one applies from its date on' })
  versions: GroupVersionDto[];
  @ApiPropertyOptional({ type: [String], description: 'On writes: the sessions this write broke (see rota conflicts)' })
  affectedSessions?: string[];
}

function mapVersion(v: GroupVersionEntity): GroupVersionDto {
  return {
    effectiveFrom: v.effectiveFrom,
    recurrence: v.recurrence,
    startTime: v.startTime,
    durationMinutes: v.durationMinutes,
    curriculumSpec: v.curriculumSpec,
    curriculum: v.curriculum,
    sessionsPerModule: v.sessionsPerModule,
    facilitatorsPerSession: v.facilitatorsPerSession,
    room: v.room,
  };
}

/** The group with its current (latest) schedule at top level and the history in `versions`. */
export function mapGroup(group: GroupEntity, versions: GroupVersionEntity[]): GroupDto {
  const current = versions[versions.length - 1];
  return {
    id: group.id,
    wardId: group.wardId,
    name: group.name,
    capacity: group.capacity,
    startsOn: group.startsOn,
    endsOn: group.endsOn,
    excludedDates: group.excludedDates,
    ...mapVersion(current),
    versions: versions.map(mapVersion),
  };
}
