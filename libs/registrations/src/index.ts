export * from './registrations.service';
export * from './registrations.module';
export * from './phone';
export * from './tokens';
export * from './seats';
