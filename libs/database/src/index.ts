export * from './data-source-options';
export * from './database.module';
export * from './migrate';
export * from './embedded-postgres';
export * from './transaction';
export * from './process-key';
