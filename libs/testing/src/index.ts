export * from './test-env';
export * from './factories';
export * from './smtp-sink';
export * from './redis-server';
export * from './test-database';
export * from './browser';
export * from './app-handle';
export * from './database-fingerprint';
