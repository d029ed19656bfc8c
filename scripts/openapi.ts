import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOpenApiDocument } from '../apps/api/src/openapi';
import globalSetup from '../test/global-setup';
import globalTeardown from '../test/global-teardown';

/**
 * `npm run lint:openapi [-- --out openapi.json]`: builds the api's OpenAPI document the way the api serves it (the
 * real app on a migrated database of its own, made and dropped as the e2e tests do; PostgreSQL and Redis as the tests
 * find them), writes it to a file (a temporary one unless --out is given) and lints it with `redocly lint` and the
 * repository's redocly.yaml (the recommended ruleset). Exits with redocly's status: non-zero on any error.
 */
async function main(): Promise<number> {
  const outFlag = process.argv.indexOf('--out');
  const out =
    outFlag >= 0 && process.argv[outFlag + 1]
      ? path.resolve(process.argv[outFlag + 1])
      : path.join(mkdtempSync(path.join(tmpdir(), 'tongxin-openapi-')), 'openapi.json');

  await globalSetup();
  try {
    // Loaded once global setup has run: it may have started PostgreSQL and Redis of its own and pointed the tests there.
    const { createTestApp } = await import('../test/support/test-app');
    const t = await createTestApp();
    try {
      writeFileSync(out, `${JSON.stringify(createOpenApiDocument(t.app), null, 2)}\n`);
    } finally {
      await t.close();
    }
  } finally {
    await globalTeardown();
  }
  console.log(`OpenAPI document written to ${out}`);

  const root = path.resolve(__dirname, '..');
  const lint = spawnSync(
    process.execPath,
    [require.resolve('@redocly/cli/bin/cli.js'), 'lint', out, '--config', path.join(root, 'redocly.yaml')],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  if (lint.error) throw lint.error;
  return lint.status ?? 1;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
