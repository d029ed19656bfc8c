import type request from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * What the factories need of a running app: requests through its HTTP stack and its database. test/support's
 * createTestApp gives one (libs never import an app; the helpers that boot one live under test/).
 */
export interface AppHandle {
  /** supertest bound to the app's HTTP server: requests go through the whole stack. */
  http: () => ReturnType<typeof request>;
  /** The test file's own database, for asserting on what was stored. */
  db: DataSource;
}
