import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, refColumn } from './columns';

/** Append-only: rows are inserted, never updated or deleted. Holds no patient references. */
@Entity('audit_log')
@Index(['targetType', 'targetId'])
export class AuditEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Index()
  @Column(instantColumn)
  at: string;

  @Column({ ...refColumn, nullable: true })
  keyId: string | null;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  targetType: string;

  @Column({ ...refColumn, nullable: true })
  targetId: string | null;

  @Column({ ...refColumn, nullable: true })
  wardId: string | null;
}
