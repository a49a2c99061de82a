import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateColumn, idColumn, instantColumn, jsonColumn, refColumn } from './columns';

/** A stay on a ward. `patientRef` is a ward-local pseudonymous reference: no names, no national ids. */
@Entity('admissions')
@Index(['wardId', 'status', 'expectedDischargeOn'])
@Index(['wardId', 'patientRef'])
export class AdmissionEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  wardId: string;

  @Column({ type: 'varchar', length: 64 })
  patientRef: string;

  @Column(dateColumn)
  admittedOn: string;

  @Column({ ...dateColumn, nullable: true })
  expectedDischargeOn: string | null;

  @Column({ type: 'varchar', length: 5 })
  stay: 'short' | 'long';

  @Column(jsonColumn)
  plannedModules: number[];

  @Column({ type: 'varchar', length: 12, default: 'admitted' })
  status: 'admitted' | 'discharged';

  @Column({ ...dateColumn, nullable: true })
  dischargedOn: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  updatedAt: string;
}

/** One admission attended one session. The module part is copied from the (then past, so fixed) session. */
@Entity('attendance')
@Index(['admissionId', 'startsAt'])
export class AttendanceEntity {
  @PrimaryColumn(refColumn)
  sessionId: string;

  @PrimaryColumn(refColumn)
  admissionId: string;

  @Index()
  @Column(refColumn)
  wardId: string;

  @Column(instantColumn)
  startsAt: string;

  @Column({ type: 'integer' })
  moduleNumber: number;

  @Column({ type: 'integer' })
  modulePart: number;

  @Column({ type: 'integer' })
  moduleParts: number;

  /** Recorded although the group was full (fidelity wants 8 or fewer). */
  @Column({ type: 'boolean', default: false })
  overCapacity: boolean;

  @Column(instantColumn)
  recordedAt: string;
}
