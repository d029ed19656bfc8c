export * from './credit-code';
export * from './region.entity';
export * from './organization.entity';
export * from './organizations.service';
export * from './organizations.module';
export * from './is-credit-code';
export * from './organizations.queries';
