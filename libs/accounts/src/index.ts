export * from './actor';
export * from './organizer.queries';
export * from './accounts.service';
export * from './auth.guard';
export * from './accounts.module';
export * from './password-resets.service';
