export * from './copy';
export * from './render';
export * from './transport';
export * from './mail-sender';
export * from './reminder-firer';
export * from './reconciler';
export * from './messages.service';
export * from './messages.module';
