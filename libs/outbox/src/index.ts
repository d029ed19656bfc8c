export * from './outbox-message.types';
export * from './outbox-message.queries';
export * from './event-reminder.queries';
export * from './announcement.queries';
export * from './link.queries';
export * from './outbox.service';
export * from './outbox.module';
export * from './link-lifetime';
