import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.service';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class EventsModule {}
