import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { PROFESSIONS } from '../common/professions';
import { REGISTER_NUMBER } from '../common/norwegian-identifiers';
import { CalendarDate } from '../http/validators';

export class ReferringClinicianDto {
  @ApiProperty({ example: 'Kari Behandler' }) @IsString() @Length(1, 200) name: string;

  @ApiPropertyOptional({ enum: PROFESSIONS })
  @IsOptional()
  @IsIn(PROFESSIONS, { message: `referringClinician.profession must be one of ${PROFESSIONS.join(', ')}` })
  profession?: string;

  @ApiPropertyOptional({ example: '9144889', description: 'HPR number (Helsepersonellregisteret)' })
  @IsOptional()
  @Matches(REGISTER_NUMBER, { message: 'referringClinician.hprNumber must be a number of at most nine digits' })
  hprNumber?: string;
}

export class GpDto {
  @ApiProperty({ example: 'Lege Lise Fastlege' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ example: 'Torget legesenter' }) @IsOptional() @IsString() @MaxLength(200) practice?: string;
}

export class InterpreterDto {
  @ApiProperty() @IsBoolean() needed: boolean;
  @ApiPropertyOptional({ example: 'somali' }) @IsOptional() @IsString() @MaxLength(100) language?: string;
}

export class IndividualPlanDto {
  @ApiProperty({ description: 'The person has an individuell plan' }) @IsBoolean() exists: boolean;
  @ApiPropertyOptional({ example: 'Koordinator i bydelen' }) @IsOptional() @IsString() @MaxLength(200) coordinator?: string;
}

/**
 * The henvisning fields of a referral letter, all optional and shown when given. One class, so
 * discharge (POST /api/admissions/:id/discharge) and draft edits (PATCH /api/referrals/:id) accept
 * exactly the same fields with the same rules; normalised by `normaliseLetterFields`.
 */
export class ReferralLetterFieldsDto {
  @ApiPropertyOptional({ type: ReferringClinicianDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReferringClinicianDto)
  referringClinician?: ReferringClinicianDto;

  @ApiPropertyOptional({ type: GpDto, description: 'The person’s GP (fastlege)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GpDto)
  gp?: GpDto;

  @ApiPropertyOptional({
    type: [String],
    description: 'Others who get a copy (the GP, say); the person’s own copy is consent.patientGetsCopy',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  copiesTo?: string[];

  @ApiPropertyOptional({ description: 'The question to the receiving service; line breaks are kept' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  question?: string;

  @ApiPropertyOptional({ example: '2027-04-12', description: 'Wished start, a ward-local date' })
  @IsOptional()
  @Validate(CalendarDate)
  desiredStart?: string;

  @ApiPropertyOptional({ type: InterpreterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => InterpreterDto)
  interpreter?: InterpreterDto;

  @ApiPropertyOptional({ type: IndividualPlanDto, description: 'Individuell plan and its coordinator' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IndividualPlanDto)
  individualPlan?: IndividualPlanDto;

  @ApiPropertyOptional({ description: 'The crisis plan, as far as it is agreed; line breaks are kept' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  crisisPlan?: string;
}
