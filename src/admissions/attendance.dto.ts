import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { toWardInstant } from '../common/time';
import { AttendanceEntity } from '../database/schema/admission.entity';

export class RecordAttendanceDto {
  @ApiProperty({ description: 'The admission (of the session’s ward) whose patient came' })
  @IsUUID('all', { message: 'admissionId must be a UUID' })
  admissionId: string;
}

export class ReplaceRegisterDto {
  @ApiProperty({ type: [String], description: 'Everyone who came (admissions of the session’s ward); replaces the register' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'must be a UUID' })
  admissionIds: string[];
}

export class RegisterDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: [String], description: 'The register as it now is, in the order given' }) admissionIds: string[];
  @ApiProperty({ example: 8, description: 'The IMR Fidelity Scale’s full-marks group size' }) fidelityGroupSize: number;
  @ApiProperty({ type: [String], description: 'Who is over the fidelity group size: the admissions after the 8th' })
  overCapacity: string[];
}

export class AttendanceDto {
  @ApiProperty() sessionId: string;
  @ApiProperty() admissionId: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ example: '2027-03-29T10:00:00+02:00' }) startsAt: string;
  @ApiProperty({ description: 'Module the session taught' }) module: number;
  @ApiProperty() part: number;
  @ApiProperty() parts: number;
  @ApiProperty({ description: 'Recorded although the group was already at capacity (fidelity wants 8 or fewer)' })
  overCapacity: boolean;
  @ApiProperty() recordedAt: string;
}

export function mapAttendance(row: AttendanceEntity, timezone: string): AttendanceDto {
  return {
    sessionId: row.sessionId,
    admissionId: row.admissionId,
    wardId: row.wardId,
    startsAt: toWardInstant(row.startsAt, timezone),
    module: row.moduleNumber,
    part: row.modulePart,
    parts: row.moduleParts,
    overCapacity: row.overCapacity,
    recordedAt: toWardInstant(row.recordedAt, timezone),
  };
}

class AttendeeDto {
  @ApiProperty() admissionId: string;
  @ApiProperty({ description: 'Ward-local pseudonymous reference' }) patientRef: string;
  @ApiProperty() overCapacity: boolean;
  @ApiProperty() recordedAt: string;
}

export class SessionAttendanceDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ description: 'The group’s capacity' }) capacity: number;
  @ApiProperty() participants: number;
  @ApiProperty({ description: 'More participants than the group’s capacity' }) overCapacity: boolean;
  @ApiProperty({ type: [AttendeeDto] }) attendees: AttendeeDto[];
}
