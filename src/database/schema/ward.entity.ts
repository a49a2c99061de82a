import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, jsonColumn } from './columns';

@Entity('wards')
export class WardEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA zone; wall-clock times of the ward's groups are planned in it. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** null: the configured default edition. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  edition: string | null;

  /** null: the edition's (or configured) core set. */
  @Column({ ...jsonColumn, nullable: true })
  coreModules: number[] | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contactPerson: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  replyAddress: string | null;

  /** 'nb' or 'en'; null: by time zone (bokmål for Norway's zones). */
  @Column({ type: 'varchar', length: 2, nullable: true })
  language: string | null;

  /** The ward's own bokmål module titles by stable module id, over the edition's. */
  @Column({ ...jsonColumn, nullable: true })
  moduleTitlesNb: Record<string, string> | null;

  /** Enhetsregisteret organisation number (nine digits, modulus 11). */
  @Column({ type: 'varchar', length: 9, nullable: true })
  organizationNumber: string | null;

  /** RESH id (the health trusts' reporting unit register). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  reshId: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  updatedAt: string;
}
