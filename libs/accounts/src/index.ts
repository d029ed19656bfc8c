export * from './actor';
export * from './organizer.entity';
export * from './accounts.service';
export * from './auth.guard';
export * from './accounts.module';
