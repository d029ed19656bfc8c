export * from './test-env';
export * from './test-app';
export * from './factories';
export * from './smtp-sink';
export * from './worker-process';
export * from './api-process';
export * from './test-database';
export * from './browser';
