// `healthcheck`: exits 0 when the role running beside it is healthy, 1 otherwise. For
// container health checks without curl: a fresh heartbeat and, for HTTP roles, a live answer.
import type { Config } from '../config.js';
import { HEARTBEAT_MAX_AGE_MS, readHeartbeat } from '../lib/heartbeat.js';

const LOCAL_HOSTS = new Set(['0.0.0.0', '::', '']);

export async function healthProblem(
  config: Pick<Config, 'heartbeatFile' | 'host'>,
): Promise<string | undefined> {
  const beat = await readHeartbeat(config.heartbeatFile);
  if (!beat) return `no heartbeat at ${config.heartbeatFile}`;
  const age = Date.now() - beat.at;
  if (age > HEARTBEAT_MAX_AGE_MS)
    return `${beat.role}: last heartbeat ${Math.round(age / 1000)} s ago`;
  if (beat.port === undefined) return undefined;
  const host = LOCAL_HOSTS.has(config.host) ? '127.0.0.1' : config.host;
  try {
    const response = await fetch(
      `http://${host.includes(':') ? `[${host}]` : host}:${beat.port}/api/health/live`,
      {
        signal: AbortSignal.timeout(3_000),
      },
    );
    return response.ok ? undefined : `${beat.role}: /api/health/live answered ${response.status}`;
  } catch (error) {
    return `${beat.role}: /api/health/live did not answer (${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function runHealthcheck(config: Config) {
  const problem = await healthProblem(config);
  if (problem) {
    console.error(`unhealthy: ${problem}`);
    process.exitCode = 1;
  } else {
    console.log('healthy');
  }
}

/** Why a second process must not open the embedded database now, or undefined: PGlite has one
 * user at a time, and a Docket running on it (its heartbeat is fresh) would see its files corrupted. */
export async function embeddedDatabaseInUse(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'heartbeatFile' | 'host'>,
): Promise<string | undefined> {
  if (config.databaseUrl || (await healthProblem(config)) !== undefined) return undefined;
  return `the embedded database in ${config.dataDir} is in use by the docket running beside (its heartbeat is ${config.heartbeatFile}): stop it first`;
}
