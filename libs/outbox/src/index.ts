export * from './outbox';
export * from './outbox.service';
export * from './outbox.module';
export * from './link-lifetime';
export * from './link.queries';
