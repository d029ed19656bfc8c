import { ConfigError, validateEnv } from './env.schema';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/tongxin',
  JWT_SECRET: 'x'.repeat(32),
};

describe('validateEnv', () => {
  it('applies defaults and converts numbers and booleans', () => {
    const env = validateEnv({ ...valid, PORT: '8080', MIGRATIONS_RUN: 'false' });
    expect(env.PORT).toBe(8080);
    expect(env.MIGRATIONS_RUN).toBe(false);
    expect(env.QUEUE_PREFIX).toBe('tongxin');
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('names a missing variable', () => {
    expect(() => validateEnv({ JWT_SECRET: valid.JWT_SECRET })).toThrow(/DATABASE_URL: is missing/);
  });

  it('names a malformed variable and says why', () => {
    let error: unknown;
    try {
      validateEnv({ ...valid, PORT: 'eighty', REDIS_URL: 'localhost:6379' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PORT: is invalid/);
    expect((error as Error).message).toMatch(/REDIS_URL: is invalid .*redis:\/\//);
  });

  it('defaults PUBLIC_URL to the address the api listens on', () => {
    expect(validateEnv({ ...valid, PORT: '3456' }).PUBLIC_URL).toBe('http://localhost:3456');
    expect(validateEnv({ ...valid, HOST: '127.0.0.1', PORT: '8080' }).PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(validateEnv({ ...valid, HOST: '::1', PORT: '8080' }).PUBLIC_URL).toBe('http://[::1]:8080');
    expect(validateEnv({ ...valid, PORT: '3456', PUBLIC_URL: 'https://tongxin.example.org' }).PUBLIC_URL).toBe(
      'https://tongxin.example.org',
    );
  });

  it('requires PUBLIC_URL in production, where a worker has no address of its own to derive links from', () => {
    for (const absent of [{}, { PUBLIC_URL: '' }]) {
      expect(() => validateEnv({ ...valid, NODE_ENV: 'production', PORT: '8080', ...absent })).toThrow(
        /PUBLIC_URL: is missing \(PUBLIC_URL is required with NODE_ENV=production/,
      );
    }
    const env = validateEnv({ ...valid, NODE_ENV: 'production', PUBLIC_URL: 'https://tongxin.example.org' });
    expect(env.PUBLIC_URL).toBe('https://tongxin.example.org');
    expect(validateEnv({ ...valid, NODE_ENV: 'test', PORT: '3456' }).PUBLIC_URL).toBe('http://localhost:3456');
  });

  it('treats empty strings as absent', () => {
    expect(validateEnv({ ...valid, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
