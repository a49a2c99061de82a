import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { toWardInstant } from '../common/time';
import { CalendarDate } from '../http/validators';
import { AdmissionEntity } from '../database/schema/admission.entity';
import { findEmbeddedPersonNumber } from './stay/national-id';

export const PATIENT_REF_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Data minimisation: a patientRef that is a person number would make the service hold an identity. */
@ValidatorConstraint({ name: 'notPersonNumber' })
export class NotPersonNumber implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value !== 'string' || findEmbeddedPersonNumber(value) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return (
      `${args.property} must not contain a Norwegian national identity number (fødselsnummer, D-number, ` +
      'H-number or synthetic number), whatever separators surround it: use a ward-local pseudonymous reference; the service keeps no ' +
      'identities (data minimisation)'
    );
  }
}

export class CreateAdmissionDto {
  @ApiProperty({
    example: 'P3-0042',
    description:
      'Ward-local pseudonymous reference, 1–64 of A–Z a–z 0–9 . _ -. Never a name; a Norwegian national ' +
      'identity number (or D-, H- or synthetic number) is refused.',
  })
  @IsString()
  @Matches(PATIENT_REF_PATTERN, { message: 'patientRef must be 1–64 letters, digits, dots, underscores or dashes' })
  @Validate(NotPersonNumber)
  patientRef: string;

  @ApiProperty({ example: '2027-02-01', description: 'Ward-local date of admission' })
  @Validate(CalendarDate)
  admittedOn: string;

  @ApiPropertyOptional({ example: '2027-03-15', nullable: true, description: 'Expected discharge; absent or null when unknown' })
  @IsOptional()
  @Validate(CalendarDate)
  expectedDischargeOn?: string | null;
}

export class UpdateAdmissionDto {
  @ApiProperty({
    example: '2027-05-10',
    nullable: true,
    description: 'The new expected discharge (null: unknown). The stay and its planned modules are reclassified at once.',
  })
  @ValidateIf((_, value) => value !== null)
  @Validate(CalendarDate)
  expectedDischargeOn: string | null;
}

export const ADMISSION_STATUSES = ['admitted', 'discharged'] as const;

export class ListAdmissionsQueryDto {
  @ApiPropertyOptional({ enum: ADMISSION_STATUSES, description: 'Absent: both' })
  @IsOptional()
  @IsIn(ADMISSION_STATUSES)
  status?: 'admitted' | 'discharged';
}

export class AdmissionDto {
  @ApiProperty() id: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ description: 'Ward-local pseudonymous reference' }) patientRef: string;
  @ApiProperty({ example: '2027-02-01' }) admittedOn: string;
  @ApiProperty({ example: '2027-03-15', nullable: true }) expectedDischargeOn: string | null;
  @ApiProperty({ enum: ['short', 'long'], description: 'short: expected to leave before the threshold (default 3 months)' })
  stay: 'short' | 'long';
  @ApiProperty({ type: [Number], description: 'Short stay: the ward’s core set; long stay: every module of its edition' })
  plannedModules: number[];
  @ApiProperty({ enum: ['planned', ...ADMISSION_STATUSES], description: 'planned: the admission day is still ahead on the ward' })
  status: 'planned' | 'admitted' | 'discharged';
  @ApiProperty({ nullable: true }) dischargedOn: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** `today` is the ward-local date: an admission that starts after it is planned, not admitted. */
export function mapAdmission(admission: AdmissionEntity, timezone: string, today: string): AdmissionDto {
  return {
    id: admission.id,
    wardId: admission.wardId,
    patientRef: admission.patientRef,
    admittedOn: admission.admittedOn,
    expectedDischargeOn: admission.expectedDischargeOn,
    stay: admission.stay,
    plannedModules: [...admission.plannedModules],
    status: admission.status === 'admitted' && admission.admittedOn > today ? 'planned' : admission.status,
    dischargedOn: admission.dischargedOn,
    createdAt: toWardInstant(admission.createdAt, timezone),
    updatedAt: toWardInstant(admission.updatedAt, timezone),
  };
}
