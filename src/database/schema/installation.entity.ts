import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instantColumn } from './columns';

/** Facts of this installation that must never change once set, e.g. its FHIR identifier namespace. */
@Entity('installation_settings')
export class InstallationSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 500 })
  value: string;

  @Column(instantColumn)
  createdAt: string;
}
