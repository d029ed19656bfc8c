import { Module } from '@nestjs/common';
import { QueueModule } from '@tongxin/queue';
import { LinkLifetime } from './link-lifetime';
import { OutboxService } from './outbox.service';

@Module({
  imports: [QueueModule],
  providers: [OutboxService, LinkLifetime],
  exports: [OutboxService, LinkLifetime],
})
export class OutboxModule {}
