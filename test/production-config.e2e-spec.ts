import { randomBytes } from 'node:crypto';
import { startApiProcess, startWorkerProcess } from './support';

/**
 * In production every link's base must be stated: a worker that derived it from its own (unused) PORT mailed links
 * to http://localhost:3000. The process refuses to start instead, naming the variable, before it connects anywhere.
 */
describe('a production process without PUBLIC_URL', () => {
  const env = {
    NODE_ENV: 'production',
    // Never reached: the configuration is refused first.
    DATABASE_URL: 'postgres://tongxin@127.0.0.1:1/tongxin',
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Empty is absent, whatever the test runner's own environment holds.
    PUBLIC_URL: '',
  };
  const refusal = /PUBLIC_URL: is missing \(PUBLIC_URL is required with NODE_ENV=production/;

  it('a worker exits at once, naming PUBLIC_URL', async () => {
    await expect(startWorkerProcess(env)).rejects.toThrow(refusal);
  });

  it('an api exits at once, naming PUBLIC_URL', async () => {
    await expect(startApiProcess(env)).rejects.toThrow(refusal);
  });
});
