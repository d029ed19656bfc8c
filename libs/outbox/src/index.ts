export * from './outbox';
export * from './outbox.service';
export * from './outbox.module';
