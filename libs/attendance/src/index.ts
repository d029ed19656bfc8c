export * from './attendance.module';
export * from './import';
export * from './check-in-code';
export * from './attendance.queries';
export * from './door.queries';
export * from './door-search';
export * from './check-ins.service';
export * from './walk-ins.service';
