export * from './jobs';
export * from './queue-connection';
export * from './queue.module';
export * from './queue-health';
