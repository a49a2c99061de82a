import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuthContext } from '../../auth/auth-context';
import { Clock } from '../../common/clock';
import { InvalidInputError, NotFoundError } from '../../common/errors';
import { newId } from '../../common/ids';
import { isSealed, sealSecret } from '../../common/secret-box';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Database, IMR_DATABASE } from '../../database/database';
import { WebhookDeliveryEntity, WebhookEntity } from '../../database/schema/outbox.entity';
import { WardEntity } from '../../database/schema/ward.entity';
import { urlProblem } from '../core/net-policy';
import { targetProblem } from './webhook-target';
import { CreatedWebhookDto, CreateWebhookDto, mapDelivery, mapWebhook, WebhookDeliveryDto, WebhookDto } from './webhooks.dto';

@Injectable()
export class WebhooksService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * With IMR_SECRETS_KEY set, seals the secrets stored before it was (each row once, in one
   * transaction); without it, says in the log that they are stored as they are.
   */
  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.events.secretsKey;
    const rows: { id: string; secret: string }[] = await this.db.manager.query('SELECT w.id AS "id", w.secret AS "secret" FROM webhooks w');
    const plain = rows.filter((r) => !isSealed(r.secret));
    if (!plain.length) return;
    if (!key) {
      this.logger.warn(`${plain.length} webhook secret(s) stored unsealed: set IMR_SECRETS_KEY to seal them at rest`);
      return;
    }
    await this.db.transaction(async (em) => {
      for (const r of plain) {
        await em.query('UPDATE webhooks SET secret = $1 WHERE id = $2 AND secret = $3', [sealSecret(r.secret, key), r.id, r.secret]);
      }
    });
    this.logger.log(`sealed ${plain.length} webhook secret(s) with IMR_SECRETS_KEY`);
  }

  async create(auth: AuthContext, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const syntax = urlProblem(dto.url);
    if (syntax) throw new InvalidInputError('url', syntax);
    const target = await targetProblem(new URL(dto.url), this.config.events.allowPrivateTargets);
    if (target) throw new InvalidInputError('url', target);
    const wardIds = dto.wardIds ? [...new Set(dto.wardIds.map((w) => w.toLowerCase()))].sort() : null;
    const secret = 'whsec_' + randomBytes(32).toString('base64url');
    const now = this.clock.now().toISOString();
    const row = await this.db.transaction(async (em) => {
      for (const [i, wardId] of (wardIds ?? []).entries()) {
        if (!(await em.exists(WardEntity, { where: { id: wardId } })))
          throw new InvalidInputError(`wardIds[${i}]`, `names an unknown ward ${wardId}`);
      }
      const entity: WebhookEntity = {
        id: newId(),
        url: dto.url,
        events: [...new Set(dto.events)].sort(),
        wardIds,
        // Sealed at rest when a key is set; the caller sees the secret once, in this answer.
        secret: this.config.events.secretsKey ? sealSecret(secret, this.config.events.secretsKey) : secret,
        createdByKeyId: auth.keyId,
        createdAt: now,
        deletedAt: null,
      };
      await em.insert(WebhookEntity, entity);
      return entity;
    });
    return { ...mapWebhook(row), secret };
  }

  async list(): Promise<WebhookDto[]> {
    const rows = await this.db.repo(WebhookEntity).find({ where: { deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(mapWebhook);
  }

  /** Stops deliveries; the delivery log stays readable. */
  async remove(id: string): Promise<void> {
    await this.require(id);
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (em) => {
      await em.update(WebhookEntity, { id }, { deletedAt: now });
      await em.delete(WebhookDeliveryEntity, { webhookId: id, status: 'pending' });
    });
  }

  async deliveries(id: string, status?: string, limit = 200): Promise<WebhookDeliveryDto[]> {
    await this.require(id, true);
    const rows = await this.db.repo(WebhookDeliveryEntity).find({
      where: { webhookId: id, ...(status && { status: status as 'pending' | 'delivered' }) },
      order: { eventSeq: 'DESC' },
      take: limit,
    });
    return rows.map(mapDelivery);
  }

  private async require(id: string, includeDeleted = false): Promise<WebhookEntity> {
    const row = await this.db.repo(WebhookEntity).findOne({ where: { id, ...(!includeDeleted && { deletedAt: IsNull() }) } });
    if (!row) throw new NotFoundError('webhook', id);
    return row;
  }
}
