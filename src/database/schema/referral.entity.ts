import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, instantColumn, jsonColumn, refColumn } from './columns';
import type { ReferralStatus } from '../../referrals/documents/referral-lifecycle';
import type { ReferralSnapshot } from '../../referrals/documents/referral-snapshot';

/** The handoff at discharge. The snapshot is taken once and never recomputed, so it cannot drift. */
@Entity('referrals')
@Index(['wardId', 'status'])
export class ReferralEntity {
  @PrimaryColumn(idColumn)
  id: string;

  /** One live referral per admission; withdrawn ones stay beside it (a discharge undone and made again). */
  @Index()
  @Column(refColumn)
  admissionId: string;

  @Column(refColumn)
  wardId: string;

  @Column({ type: 'varchar', length: 10 })
  status: ReferralStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  statusReason: string | null;

  @Column(jsonColumn)
  snapshot: ReferralSnapshot;

  /** Set by the daily job when a draft has waited longer than configured. */
  @Column({ ...instantColumn, nullable: true })
  overdueSince: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column(instantColumn)
  updatedAt: string;
}

/** Status history of a referral. Append-only. */
@Entity('referral_events')
@Index(['referralId', 'at'])
export class ReferralEventEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  referralId: string;

  @Column(instantColumn)
  at: string;

  @Column({ type: 'varchar', length: 10 })
  status: ReferralStatus;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ ...refColumn, nullable: true })
  keyId: string | null;
}

/** Edits of a draft referral: which fields changed, from what to what. Append-only. */
@Entity('referral_edits')
@Index(['referralId', 'at'])
export class ReferralEditEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  referralId: string;

  @Column(instantColumn)
  at: string;

  @Column({ ...refColumn, nullable: true })
  keyId: string | null;

  @Column(jsonColumn)
  fields: string[];

  @Column(jsonColumn)
  before: Record<string, unknown>;

  @Column(jsonColumn)
  after: Record<string, unknown>;
}
