export * from './credit-code';
export * from './organization.types';
export * from './organizations.service';
export * from './organizations.module';
export * from './is-credit-code';
export * from './organizations.queries';
export * from './region.queries';
