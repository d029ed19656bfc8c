export * from './metrics-registry';
export * from './metrics.queries';
export * from './cluster-metrics';
export * from './metrics.module';
