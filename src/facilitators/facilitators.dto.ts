import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { CalendarDate, IsOmittedOrValid } from '../http/validators';
import { TIME_PATTERN } from '../common/time';
import { AbsenceEntity, AvailabilityWindow, FacilitatorEntity } from '../database/schema/facilitator.entity';

export { PROFESSIONS } from '../common/professions';
import { PROFESSIONS } from '../common/professions';

export class AvailabilityWindowDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '08:00' })
  @IsString()
  @Matches(TIME_PATTERN, { message: 'from must be HH:mm' })
  from: string;

  @ApiProperty({ example: '15:30' })
  @IsString()
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'to must be HH:mm (24:00 allowed)' })
  to: string;
}

export class CreateFacilitatorDto {
  @ApiProperty({ example: 'Kari Nordmann' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: PROFESSIONS })
  @IsIn(PROFESSIONS)
  profession: string;

  @ApiProperty({ description: 'Approved IMR facilitator; false for a trainee under supervision' })
  @IsBoolean()
  imrTrained: boolean;

  @ApiProperty({ type: [String], description: 'The ward pools the facilitator works in' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  wardIds: string[];

  @ApiPropertyOptional({ description: 'The ward that manages the person; one of wardIds (default: the first)' })
  @IsOptional()
  @IsUUID()
  homeWardId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  maxSessionsPerWeek?: number;

  @ApiPropertyOptional({ type: [AvailabilityWindowDto], description: 'Weekly windows; absent means any time' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowDto)
  availability?: AvailabilityWindowDto[];
}

export class UpdateFacilitatorDto {
  @ApiPropertyOptional() @IsOmittedOrValid() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ enum: PROFESSIONS }) @IsOmittedOrValid() @IsIn(PROFESSIONS) profession?: string;
  @ApiPropertyOptional() @IsOmittedOrValid() @IsBoolean() imrTrained?: boolean;
  @ApiPropertyOptional({
    type: [String],
    description: 'The pool wards within the key’s scope (others stay as they are); [] takes the person off them',
  })
  @IsOmittedOrValid()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  wardIds?: string[];
  @ApiPropertyOptional({ description: 'Moves the person to another home ward of their pool (keys covering both wards)' })
  @IsOmittedOrValid()
  @IsUUID()
  homeWardId?: string;
  @ApiPropertyOptional({ nullable: true, description: 'null removes the cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  maxSessionsPerWeek?: number | null;
  @ApiPropertyOptional({ type: [AvailabilityWindowDto], nullable: true, description: 'null means any time' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowDto)
  availability?: AvailabilityWindowDto[] | null;
  @ApiPropertyOptional({ description: 'false deactivates: no new sessions, history kept' })
  @IsOmittedOrValid()
  @IsBoolean()
  active?: boolean;
}

export class CreateAbsenceDto {
  @ApiProperty({ example: '2027-04-05', description: 'First day away (inclusive)' })
  @Validate(CalendarDate)
  from: string;

  @ApiProperty({ example: '2027-04-18', description: 'Last day away (inclusive)' })
  @Validate(CalendarDate)
  to: string;

  @ApiPropertyOptional({ example: 'annual leave' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}

export class AbsenceDto {
  @ApiProperty() id: string;
  @ApiProperty() facilitatorId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, description: 'null also when the key may not read reasons (another ward, a colleague)' })
  reason: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: [String], description: 'On writes: the sessions this write broke (see rota conflicts)' })
  affectedSessions?: string[];
}

export class FacilitatorDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROFESSIONS }) profession: string;
  @ApiProperty() imrTrained: boolean;
  @ApiProperty({ type: [String], description: 'The pool wards the key may see' }) wardIds: string[];
  @ApiProperty({ nullable: true, description: 'null when the home ward is outside the key’s scope' }) homeWardId: string | null;
  @ApiProperty({ description: 'true when this key may change the person (it covers the home ward)' }) managed: boolean;
  @ApiProperty({ nullable: true }) maxSessionsPerWeek: number | null;
  @ApiProperty({ type: [AvailabilityWindowDto], nullable: true }) availability: AvailabilityWindow[] | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [String], description: 'On writes: the sessions this write broke (see rota conflicts)' })
  affectedSessions?: string[];
}

/** `wardIds` and `homeWardId` as the key may see them (see auth/facilitator-access.ts). */
export function mapFacilitator(
  f: FacilitatorEntity,
  view: { wardIds: string[]; homeWardId: string | null; managed: boolean },
): FacilitatorDto {
  return {
    id: f.id,
    name: f.name,
    profession: f.profession,
    imrTrained: f.imrTrained,
    wardIds: [...view.wardIds].sort(),
    homeWardId: view.homeWardId,
    managed: view.managed,
    maxSessionsPerWeek: f.maxSessionsPerWeek,
    availability: f.availability,
    active: f.active,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** `withReason` false: the dates only (what another ward's planning needs). */
export function mapAbsence(a: AbsenceEntity, withReason = true): AbsenceDto {
  return {
    id: a.id,
    facilitatorId: a.facilitatorId,
    from: a.fromDate,
    to: a.toDate,
    reason: withReason ? a.reason : null,
    createdAt: a.createdAt,
  };
}
