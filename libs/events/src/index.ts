export * from './event.entity';
export * from './event-access';
export * from './event-rules';
export * from './iso-duration';
export * from './events.service';
export * from './team.service';
export * from './series.service';
export * from './events.module';
