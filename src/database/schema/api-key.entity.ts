import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, jsonColumn, refColumn } from './columns';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  /** null: every ward. */
  @Column({ ...jsonColumn, nullable: true })
  wardIds: string[] | null;

  /** Set for a facilitator's own key, so it may manage that facilitator's calendar. */
  @Column({ ...refColumn, nullable: true })
  facilitatorId: string | null;

  /** SHA-256 of the key; the key itself is never stored. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column(instantColumn)
  createdAt: string;

  @Column({ ...instantColumn, nullable: true })
  revokedAt: string | null;
}
