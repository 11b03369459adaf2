// Each long-running role writes a small heartbeat file; `healthcheck` reads it. The file
// is refreshed only while the role is healthy, so a stale file means an unhealthy process.
import { readFile, rename, writeFile } from 'node:fs/promises';

export interface Heartbeat {
  role: string;
  pid: number;
  /** Port of the HTTP server, for roles that serve HTTP. */
  port?: number;
  at: number;
}

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_MAX_AGE_MS = 30_000;

export async function writeHeartbeat(file: string, beat: Omit<Heartbeat, 'at' | 'pid'>) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ ...beat, pid: process.pid, at: Date.now() }));
  await rename(tmp, file);
}

export async function readHeartbeat(file: string): Promise<Heartbeat | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Heartbeat;
  } catch {
    return undefined;
  }
}

/** Beats now and then every interval while `isHealthy()` holds; returns a stop function. */
export function startHeartbeat(
  file: string,
  beat: Omit<Heartbeat, 'at' | 'pid'>,
  isHealthy: () => boolean | Promise<boolean>,
  onError: (error: unknown) => void,
): () => void {
  const tick = async () => {
    try {
      if (await isHealthy()) await writeHeartbeat(file, beat);
    } catch (error) {
      onError(error);
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
