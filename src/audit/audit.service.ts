import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { newId } from '../common/ids';
import { Database, IMR_DATABASE } from '../database/database';
import { AuditEntity } from '../database/schema/audit.entity';

const AUDIT_COLUMNS = ['id', 'at', 'keyId', 'role', 'action', 'targetType', 'targetId', 'wardId'] as const;

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  wardId?: string | null;
}

/** Append-only audit of writes and of referral reads. Holds key ids and targets, never patient data. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Inside the caller's transaction when `em` is given, so the audit row and the work stand or fall together. */
  async record(auth: AuthContext, entry: AuditRecord, em?: EntityManager): Promise<void> {
    await this.insert(auth, entry, em);
  }

  /** `record`, returning the row's id. */
  async insert(auth: AuthContext, entry: AuditRecord, em?: EntityManager): Promise<string> {
    const row = {
      id: newId(),
      at: this.clock.now().toISOString(),
      keyId: auth.keyId,
      role: auth.role,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      wardId: entry.wardId ?? null,
    };
    // Plain SQL: every write request stores one (TypeORM's insert building cost more than the row).
    // Nothing reads it before COMMIT: SQLite's writer holds it back and writes a group's rows in one statement.
    const insert = (tx: EntityManager) =>
      this.db.insertLate(tx, 'audit_log', AUDIT_COLUMNS, [
        row.id,
        row.at,
        row.keyId,
        row.role,
        row.action,
        row.targetType,
        row.targetId,
        row.wardId,
      ]);
    if (em) await insert(em);
    else await this.db.transaction(insert);
    return row.id;
  }

  /** A write audited inside its transaction whose answer named a different target than the transaction returned. */
  async retarget(id: string, targetId: string | null, wardId: string | null): Promise<void> {
    await this.db.transaction((tx) => tx.update(AuditEntity, { id }, { targetId, wardId }));
  }

  async list(filter: { targetType?: string; targetId?: string; limit?: number }): Promise<AuditEntity[]> {
    const where: FindOptionsWhere<AuditEntity> = {};
    if (filter.targetType) where.targetType = filter.targetType;
    if (filter.targetId) where.targetId = filter.targetId;
    return this.db.repo(AuditEntity).find({ where, order: { at: 'DESC', id: 'ASC' }, take: filter.limit ?? 500 });
  }
}
