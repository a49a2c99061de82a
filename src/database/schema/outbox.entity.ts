import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { idColumn, instantColumn, jsonColumn, refColumn } from './columns';

/**
 * The events outbox: one row per event, written in the same transaction as the change it reports.
 * `seq` orders events; within a ward it is also the commit order (writers hold the ward's outbox lock).
 */
@Entity('outbox_events')
@Index(['wardId', 'seq'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('increment')
  seq: number;

  /** The event id receivers de-duplicate on. */
  @Index({ unique: true })
  @Column(idColumn)
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column(refColumn)
  wardId: string;

  @Column(instantColumn)
  occurredAt: string;

  /** Ids, times and states only: never patient data. */
  @Column(jsonColumn)
  data: Record<string, unknown>;
}

/** A registered webhook. The secret signs every delivery; it is shown once, when the webhook is created. */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column(jsonColumn)
  events: string[];

  /** null: every ward. */
  @Column({ ...jsonColumn, nullable: true })
  wardIds: string[] | null;

  @Column({ type: 'varchar', length: 200 })
  secret: string;

  @Column({ ...refColumn, nullable: true })
  createdByKeyId: string | null;

  @Column(instantColumn)
  createdAt: string;

  @Column({ ...instantColumn, nullable: true })
  deletedAt: string | null;
}

/** One event for one webhook: pending until the receiver answers 2xx. Delivered in `eventSeq` order per (webhook, ward). */
@Entity('webhook_deliveries')
@Index(['status', 'webhookId', 'wardId', 'eventSeq'])
@Index(['webhookId', 'eventSeq'])
export class WebhookDeliveryEntity {
  @PrimaryColumn(idColumn)
  id: string;

  @Column(refColumn)
  webhookId: string;

  @Column({ type: 'integer' })
  eventSeq: number;

  @Column(idColumn)
  eventId: string;

  @Column({ type: 'varchar', length: 40 })
  eventType: string;

  @Column(refColumn)
  wardId: string;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: 'pending' | 'delivered';

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column(instantColumn)
  nextAttemptAt: string;

  @Column({ ...instantColumn, nullable: true })
  lastAttemptAt: string | null;

  @Column({ type: 'integer', nullable: true })
  lastStatus: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ ...instantColumn, nullable: true })
  deliveredAt: string | null;
}

/** A time-limited claim on work that runs continuously (webhook deliveries): one holder across instances. */
@Entity('job_leases')
export class JobLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  holder: string;

  @Column(instantColumn)
  expiresAt: string;
}
