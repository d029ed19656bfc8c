import { freePort } from '@tongxin/testing';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

export interface PageServer extends TestApp {
  /** http://127.0.0.1:<port>, also the app's PUBLIC_URL, so links in mail open here. */
  url: string;
}

/** The real app listening on a port of its own (a browser needs a socket, not supertest). */
export async function startPageServer(
  overrides: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<PageServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: url, PORT: String(port), ...overrides }, options);
  await t.app.listen(port, '127.0.0.1');
  return Object.assign(t, { url });
}
