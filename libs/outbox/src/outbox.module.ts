import { Module } from '@nestjs/common';
import { QueueModule } from '@tongxin/queue';
import { OutboxService } from './outbox.service';

@Module({
  imports: [QueueModule],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}
