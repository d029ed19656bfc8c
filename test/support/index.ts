/**
 * What e2e suites use: the helpers of libs/testing, and those that need the apps themselves (an app in process, the
 * api and worker as real processes, the app on a port for a browser), which live here so that libs never import an app.
 */
export * from '@tongxin/testing';
export * from './test-app';
export * from './api-process';
export * from './worker-process';
export * from './page-server';
