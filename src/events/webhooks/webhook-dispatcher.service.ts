import { Inject, Injectable, Logger } from '@nestjs/common';
import { openSecret, SecretKeyMissingError } from '../../common/secret-box';
import { createHmac } from 'node:crypto';
import { In, LessThanOrEqual } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Database, IMR_DATABASE } from '../../database/database';
import { OutboxEventEntity, WebhookDeliveryEntity, WebhookEntity } from '../../database/schema/outbox.entity';
import { backoffMs, deliveryBody } from '../core/event-types';
import { toImrEvent } from '../domain-events';
import { targetProblem } from './webhook-target';

const PER_LANE_PER_RUN = 100;
const PARALLEL_LANES = 8;

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  failed: number;
}

/**
 * Sends pending webhook deliveries. A lane is one webhook and one ward: its deliveries go strictly in
 * event order, and a failing head blocks the lane (retried with back-off) so nothing overtakes it.
 * A delivery is marked delivered only after the receiver's 2xx, so a crash in between sends it again:
 * at least once, and receivers de-duplicate on the event id.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** One pass over the due lanes; `keepGoing` is asked before each send (the job renews its lease there). */
  async run(keepGoing: () => Promise<boolean> = async () => true): Promise<DeliveryRun> {
    const stats: DeliveryRun = { attempted: 0, delivered: 0, failed: 0 };
    const now = this.clock.now().toISOString();
    // Each lane's head first, so a lane with a long backlog (a receiver down for hours) never starves the others.
    const heads = await this.db
      .repo(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .select('d.webhookId', 'webhookId')
      .addSelect('d.wardId', 'wardId')
      .addSelect('MIN(d.nextAttemptAt)', 'due')
      .where("d.status = 'pending'")
      .groupBy('d.webhookId')
      .addGroupBy('d.wardId')
      .getRawMany<{ webhookId: string; wardId: string; due: string }>();
    const ready: WebhookDeliveryEntity[][] = [];
    for (const head of heads.filter((h) => h.due <= now)) {
      const lane = await this.db.repo(WebhookDeliveryEntity).find({
        where: { webhookId: head.webhookId, wardId: head.wardId, status: 'pending' },
        order: { eventSeq: 'ASC' },
        take: PER_LANE_PER_RUN,
      });
      if (lane.length && lane[0].nextAttemptAt <= now) ready.push(lane);
    }
    if (!ready.length) return stats;
    const hooks = new Map(
      (await this.db.repo(WebhookEntity).find({ where: { id: In([...new Set(ready.map((l) => l[0].webhookId))]) } })).map((h) => [h.id, h]),
    );
    const queue = [...ready];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) await this.runLane(lane, hooks.get(lane[0].webhookId), stats, keepGoing);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LANES, queue.length) }, worker));
    return stats;
  }

  private async runLane(
    lane: WebhookDeliveryEntity[],
    hook: WebhookEntity | undefined,
    stats: DeliveryRun,
    keepGoing: () => Promise<boolean>,
  ): Promise<void> {
    if (!hook || hook.deletedAt) return;
    const events = new Map(
      (await this.db.repo(OutboxEventEntity).find({ where: { seq: In(lane.slice(0, PER_LANE_PER_RUN).map((d) => d.eventSeq)) } })).map(
        (e) => [e.seq, e],
      ),
    );
    for (const delivery of lane.slice(0, PER_LANE_PER_RUN)) {
      const event = events.get(delivery.eventSeq);
      if (!event) continue;
      if (!(await keepGoing())) return;
      stats.attempted++;
      const outcome = await this.send(hook, deliveryBody(toImrEvent(event)), event.id, event.type);
      const at = this.clock.now().toISOString();
      if (outcome.ok) {
        stats.delivered++;
        await this.db.transaction((em) =>
          em.update(
            WebhookDeliveryEntity,
            { id: delivery.id },
            {
              status: 'delivered',
              attempts: delivery.attempts + 1,
              lastAttemptAt: at,
              lastStatus: outcome.status,
              lastError: null,
              deliveredAt: at,
            },
          ),
        );
        continue;
      }
      stats.failed++;
      const attempts = delivery.attempts + 1;
      await this.db.transaction((em) =>
        em.update(
          WebhookDeliveryEntity,
          { id: delivery.id },
          {
            attempts,
            lastAttemptAt: at,
            lastStatus: outcome.status,
            lastError: outcome.error.slice(0, 300),
            nextAttemptAt: new Date(Date.parse(at) + backoffMs(attempts)).toISOString(),
          },
        ),
      );
      return; // the lane waits for its head
    }
  }

  private async send(
    hook: WebhookEntity,
    body: string,
    eventId: string,
    type: string,
  ): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
    const url = new URL(hook.url);
    const refused = await targetProblem(url, this.config.events.allowPrivateTargets);
    if (refused) return { ok: false, status: null, error: `target refused: ${refused}` };
    let secret: string;
    try {
      secret = openSecret(hook.secret, this.config.events.secretsKey);
    } catch (error) {
      // Kept pending (retried with back-off): the delivery goes out once the right key is set.
      return {
        ok: false,
        status: null,
        error: error instanceof SecretKeyMissingError ? error.message : 'the sealed secret does not open with IMR_SECRETS_KEY',
      };
    }
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'imr-ward-rota-webhooks/1',
          'x-imr-signature': `sha256=${signature}`,
          'x-imr-event-id': eventId,
          'x-imr-event-type': type,
        },
        signal: AbortSignal.timeout(this.config.events.deliveryTimeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      return { ok: false, status: res.status, error: `answered ${res.status}` };
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'unknown error';
      this.logger.warn(`webhook ${hook.id}: delivery of event ${eventId} failed: ${reason}`);
      return { ok: false, status: null, error: reason };
    }
  }

  /** Pending deliveries that are due (for tests and health). */
  async pendingDue(): Promise<number> {
    return this.db
      .repo(WebhookDeliveryEntity)
      .count({ where: { status: 'pending', nextAttemptAt: LessThanOrEqual(this.clock.now().toISOString()) } });
  }
}
