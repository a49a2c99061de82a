import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AdmissionDto } from '../admissions/admissions.dto';
import { REGISTER_NUMBER } from '../common/norwegian-identifiers';
import { CalendarDate, OrganizationNumber } from '../http/validators';
import { ReferralLetterFieldsDto } from './referral-letter-fields.dto';
import { ReceivingServiceKind } from './documents/referral-snapshot';
import { RECEIVING_SERVICE_KINDS } from './documents/referral-snapshot.builder';
import { EDITABLE_FIELDS } from './documents/referral-edit';
import { ReferralDto } from './referrals.dto';

export class ReceivingServiceDto {
  @ApiProperty({ enum: RECEIVING_SERVICE_KINDS })
  @IsIn(RECEIVING_SERVICE_KINDS, { message: `receivingService.kind must be one of ${RECEIVING_SERVICE_KINDS.join(', ')}` })
  kind: ReceivingServiceKind;

  @ApiProperty({ example: 'Nordre Fjordby DPS, allmennpoliklinikk' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'IMR-gruppen, tlf. 99 99 99 99', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  contact?: string | null;

  @ApiPropertyOptional({ example: '974703300', description: 'Organisation number (Enhetsregisteret), nine digits, modulus 11' })
  @IsOptional()
  @Validate(OrganizationNumber)
  organizationNumber?: string;

  @ApiPropertyOptional({ example: '8142987', description: 'HER-id in Norsk Helsenett’s address register' })
  @IsOptional()
  @Matches(REGISTER_NUMBER, { message: 'receivingService.herId must be a number of at most nine digits' })
  herId?: string;
}

export class RecoveryGoalDto {
  @ApiProperty({ description: 'The goal in the person’s own words' })
  @IsString()
  @Length(1, 500)
  text: string;

  @ApiPropertyOptional({ description: 'How far they got', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  progress?: string | null;
}

export class SocialSituationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) housing?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) workOrEducation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) finances?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) network?: string;
}

export class PreferencesDto {
  @ApiPropertyOptional({ enum: ['group', 'individual'] })
  @IsOptional()
  @IsIn(['group', 'individual'])
  format?: 'group' | 'individual';

  @ApiPropertyOptional({ example: 'norsk' }) @IsOptional() @IsString() @MaxLength(100) language?: string;
  @ApiPropertyOptional({ example: 'Formiddag' }) @IsOptional() @IsString() @MaxLength(200) timeOfDay?: string;
}

export class ConsentDto {
  @ApiPropertyOptional({ default: false, description: 'The person consented to sharing the referral' })
  @IsOptional()
  @IsBoolean()
  sharingConsented?: boolean;

  @ApiPropertyOptional({ default: false, description: 'The person gets a copy' })
  @IsOptional()
  @IsBoolean()
  patientGetsCopy?: boolean;
}

const textList = (description: string) => [
  ApiPropertyOptional({ type: [String], description }),
  IsOptional(),
  IsArray(),
  ArrayMaxSize(30),
  IsString({ each: true }),
  MaxLength(500, { each: true }),
];

function applyAll(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** Goals may come as `{text, progress?}` or as plain strings (taken as the text). */
const toGoals = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v) =>
        typeof v === 'string'
          ? plainToInstance(RecoveryGoalDto, { text: v })
          : v && typeof v === 'object'
            ? plainToInstance(RecoveryGoalDto, v)
            : v,
      )
    : value;

export class DischargeDto extends ReferralLetterFieldsDto {
  @ApiProperty({ example: '2027-03-29', description: 'Ward-local day of discharge; not before admission, not in the future' })
  @Validate(CalendarDate)
  dischargedOn: string;

  @ApiProperty({ description: 'The person wants to continue IMR after discharge: a referral is made' })
  @IsBoolean()
  continueImr: boolean;

  @ApiPropertyOptional({ type: ReceivingServiceDto, description: 'Required when continueImr' })
  @ValidateIf((o: DischargeDto) => o.continueImr === true || o.receivingService !== undefined)
  @IsDefined({ message: 'receivingService is required when continueImr is true' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReceivingServiceDto)
  receivingService?: ReceivingServiceDto;

  @ApiPropertyOptional({
    type: [RecoveryGoalDto],
    description: 'Personal recovery goals in the person’s own words; a plain string is taken as {text}',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Transform(toGoals)
  recoveryGoals?: RecoveryGoalDto[];

  @applyAll(...textList('What helps, in the person’s words'))
  whatHelps?: string[];

  @applyAll(...textList('Strengths'))
  strengths?: string[];

  @ApiPropertyOptional({ type: SocialSituationDto, description: 'Housing, work or education, finances, network; neutral words' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SocialSituationDto)
  socialSituation?: SocialSituationDto;

  @applyAll(...textList('Significant others involved, by role (e.g. "sister")'))
  significantOthers?: string[];

  @applyAll(...textList('Handouts given'))
  handoutsGiven?: string[];

  @ApiPropertyOptional({ description: 'The plan for staying well, as far as it got' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  planForStayingWell?: string;

  @ApiPropertyOptional({ type: PreferencesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto;

  @ApiPropertyOptional({ type: ConsentDto, description: 'Both default to false (not recorded)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;
}

export class DischargeResultDto {
  @ApiProperty({ type: AdmissionDto }) admission: AdmissionDto;
  @ApiProperty({ type: ReferralDto, nullable: true, description: 'null unless continueImr' }) referral: ReferralDto | null;
}

/** The handoff fields of a draft referral that may change (PATCH /api/referrals/:id); each given field replaces the recorded one. */
export class UpdateReferralDto extends PartialType(PickType(DischargeDto, EDITABLE_FIELDS)) {}
