// The only module that reads process.env. Every setting is validated once, at start-up;
// a bad one stops the process with one line per problem, naming the variable and never its value.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Secrets may be given directly or as `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_NAMES = [
  'AUTH_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'EMBEDDINGS_API_KEY',
  'CHAT_API_KEY',
] as const;

/** Placeholders that appear in our docs and examples; never acceptable in production. */
export const EXAMPLE_SECRETS = new Set([
  'change-me',
  'changeme',
  'replace-me-with-a-long-random-string-of-at-least-32-chars',
]);

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`)
    .default(fallback);

const urlWithProtocols = (protocols: string[], what: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `expected ${what}`);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

/** false, true, a hop count, or a comma-separated list of proxy addresses/CIDRs (Fastify's trustProxy). */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): boolean | number | string[] => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const list = value.split(',').map((v) => v.trim());
    if (list.every((v) => /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(v))) return list;
    ctx.addIssue({
      code: 'custom',
      message: 'expected false, true, a hop count, or proxy addresses/CIDRs',
    });
    return z.NEVER;
  });

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'expected development, production or test',
    })
    .default('development'),
  HOST: z.string().min(1, 'expected a host name or address to listen on').default('0.0.0.0'),
  PORT: int(1, 65535, 3000),
  METRICS_HOST: z
    .string()
    .min(1, 'expected a host name or address to listen on')
    .default('127.0.0.1'),
  METRICS_PORT: int(0, 65535, 9464),
  PUBLIC_URL: urlWithProtocols(
    ['http:', 'https:'],
    'an http(s) URL such as https://docket.example.com',
  ).optional(),
  DATA_DIR: z.string().min(1, 'expected a directory path').default('./data'),
  DATABASE_URL: urlWithProtocols(
    ['postgres:', 'postgresql:'],
    'a postgres:// URL such as postgres://user:password@host:5432/docket (unset: embedded database)',
  ).optional(),
  DATABASE_POOL_MAX: int(1, 100, 10),
  REDIS_URL: urlWithProtocols(
    ['redis:', 'rediss:'],
    'a redis:// URL such as redis://host:6379 (unset: jobs run in-process)',
  ).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  AUTH_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters (generate one: openssl rand -base64 48)')
    .optional(),
  ALLOW_SIGNUP: bool(true),
  TRUST_PROXY: trustProxy,
  AUTH_RATE_LIMIT_PER_MINUTE: int(1, 100_000, 30),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024, 25 * 1024 * 1024),
  JSON_BODY_MAX_BYTES: int(1024, 64 * 1024 * 1024, 1024 * 1024),
  INGEST_MAX_PAGES: int(1, 1_000_000, 2_000),
  INGEST_MAX_CHARS: int(1_000, 1_000_000_000, 10_000_000),
  INGEST_MAX_CHUNKS: int(1, 10_000_000, 10_000),
  INGEST_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  EMBEDDINGS_PROVIDER: z
    .enum(['offline', 'openai'], { error: 'expected offline or openai' })
    .default('offline'),
  EMBEDDINGS_BASE_URL: urlWithProtocols(
    ['http:', 'https:'],
    'an http(s) URL of an OpenAI-compatible API, such as https://api.openai.com/v1',
  ).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce
    .number({ error: 'expected a whole number from 16 to 4096' })
    .int('expected a whole number from 16 to 4096')
    .min(16, 'expected a whole number from 16 to 4096')
    .max(4096, 'expected a whole number from 16 to 4096')
    .optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  SHUTDOWN_TIMEOUT_MS: int(100, 300_000, 8_000),
  WORKER_CONCURRENCY: int(1, 64, 2),
  JOB_LEASE_MS: int(1_000, 600_000, 30_000),
  HEARTBEAT_FILE: z
    .string()
    .min(1, 'expected a file path')
    .default(join(tmpdir(), 'docket-heartbeat.json')),
  WEB_DIR: z.string().min(1, 'expected a directory path').default(DEFAULT_WEB_DIR),
  CHAT_PROVIDER: z
    .enum(['offline', 'openai'], { error: 'expected offline or openai' })
    .default('offline'),
  CHAT_BASE_URL: urlWithProtocols(
    ['http:', 'https:'],
    'an http(s) URL of an OpenAI-compatible API, such as https://api.openai.com/v1',
  ).optional(),
  CHAT_MODEL: z.string().min(1).optional(),
  CHAT_API_KEY: z.string().min(1).optional(),
  CHAT_MAX_STEPS: int(1, 20, 5),
  CHAT_TIMEOUT_MS: int(100, 3_600_000, 60_000),
  CHAT_RATE_LIMIT_PER_MINUTE: int(1, 10_000, 20),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Where Prometheus metrics are served; port 0 turns them off. */
  metrics: { host: string; port: number };
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  redisUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  authSecret: string;
  allowSignup: boolean;
  trustProxy: boolean | number | string[];
  authRateLimitPerMinute: number;
  uploadMaxBytes: number;
  /** Largest JSON body of any route; a route may declare less (chat does). */
  jsonBodyMaxBytes: number;
  /** Per document; over one, ingestion fails and names the setting. */
  ingestLimits: IngestLimits;
  ingestAllowedHosts: string[];
  embeddings: EmbeddingsConfig;
  shutdownTimeoutMs: number;
  workerConcurrency: number;
  /** How long a running job stays with its process unrenewed; a dead process's jobs are taken again after it. */
  jobLeaseMs: number;
  heartbeatFile: string;
  webDir: string;
  chat: ChatConfig;
}

export interface IngestLimits {
  maxPages: number;
  maxChars: number;
  maxChunks: number;
}

export type EmbeddingsConfig =
  | { provider: 'offline'; model: string; dimensions: number }
  | {
      provider: 'openai';
      model: string;
      dimensions: number;
      baseUrl: string;
      apiKey: string | undefined;
    };

/** The offline embedding: lexical feature hashing, no model, no network. */
export const OFFLINE_EMBEDDINGS = {
  provider: 'offline',
  model: 'offline-hash-v1',
  dimensions: 384,
} as const;

function embeddingsConfig(e: Env, problems: string[]): EmbeddingsConfig {
  if (e.EMBEDDINGS_PROVIDER === 'offline') return { ...OFFLINE_EMBEDDINGS };
  for (const name of ['EMBEDDINGS_BASE_URL', 'EMBEDDINGS_MODEL', 'EMBEDDINGS_DIMENSIONS'] as const)
    if (e[name] === undefined) problems.push(`${name}: required when EMBEDDINGS_PROVIDER=openai`);
  return {
    provider: 'openai',
    baseUrl: (e.EMBEDDINGS_BASE_URL ?? '').replace(/\/+$/, ''),
    model: e.EMBEDDINGS_MODEL ?? '',
    dimensions: e.EMBEDDINGS_DIMENSIONS ?? 0,
    apiKey: e.EMBEDDINGS_API_KEY,
  };
}

/** The chat agent's model: none (offline, the default), or any OpenAI-compatible endpoint. */
export type ChatConfig = (
  | { provider: 'offline' }
  | { provider: 'openai'; baseUrl: string; model: string; apiKey: string | undefined }
) & { maxSteps: number; timeoutMs: number; rateLimitPerMinute: number };

function chatConfig(e: Env, problems: string[]): ChatConfig {
  const limits = {
    maxSteps: e.CHAT_MAX_STEPS,
    timeoutMs: e.CHAT_TIMEOUT_MS,
    rateLimitPerMinute: e.CHAT_RATE_LIMIT_PER_MINUTE,
  };
  if (e.CHAT_PROVIDER === 'offline') return { provider: 'offline', ...limits };
  for (const name of ['CHAT_BASE_URL', 'CHAT_MODEL'] as const)
    if (e[name] === undefined) problems.push(`${name}: required when CHAT_PROVIDER=openai`);
  return {
    provider: 'openai',
    baseUrl: (e.CHAT_BASE_URL ?? '').replace(/\/+$/, ''),
    model: e.CHAT_MODEL ?? '',
    apiKey: e.CHAT_API_KEY,
    ...limits,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type RawEnv = Record<string, string | undefined>;

/** Replaces each `<NAME>_FILE` by the file's contents under NAME. */
function resolveSecretFiles(env: RawEnv, problems: string[]): RawEnv {
  const resolved = { ...env };
  for (const name of SECRET_NAMES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) {
      problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`${name}_FILE: expected a readable file, could not read ${file}`);
    }
  }
  return resolved;
}

/** Empty strings mean "unset", as compose files write `VAR=` for optional values. */
function dropEmpty(env: RawEnv): RawEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

/**
 * Parses the environment without side effects. The auth secret may still be missing
 * here: `loadConfig` generates one for the embedded mode.
 */
export function parseConfig(rawEnv: RawEnv): Omit<Config, 'authSecret'> & { authSecret?: string } {
  const problems: string[] = [];
  const env = resolveSecretFiles(dropEmpty(rawEnv), problems);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    if (!e.AUTH_SECRET) problems.push('AUTH_SECRET: required when NODE_ENV=production');
    else if (EXAMPLE_SECRETS.has(e.AUTH_SECRET))
      problems.push('AUTH_SECRET: is the example value; generate one: openssl rand -base64 48');
  }
  const embeddings = embeddingsConfig(e, problems);
  const chat = chatConfig(e, problems);
  if (!e.AUTH_SECRET && e.DATABASE_URL)
    problems.push(
      'AUTH_SECRET: required with DATABASE_URL, so that every process shares it (openssl rand -base64 48)',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    authSecret: e.AUTH_SECRET,
    allowSignup: e.ALLOW_SIGNUP,
    trustProxy: e.TRUST_PROXY,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    jsonBodyMaxBytes: e.JSON_BODY_MAX_BYTES,
    ingestLimits: {
      maxPages: e.INGEST_MAX_PAGES,
      maxChars: e.INGEST_MAX_CHARS,
      maxChunks: e.INGEST_MAX_CHUNKS,
    },
    ingestAllowedHosts: e.INGEST_ALLOWED_HOSTS,
    embeddings,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobLeaseMs: e.JOB_LEASE_MS,
    heartbeatFile: resolve(e.HEARTBEAT_FILE),
    webDir: resolve(e.WEB_DIR),
    chat,
  };
}

/** The embedded mode's secret: generated on first start, then kept under DATA_DIR. */
function embeddedAuthSecret(dataDir: string): string {
  const file = join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(env: RawEnv = process.env): Config {
  const config = parseConfig(env);
  return { ...config, authSecret: config.authSecret ?? embeddedAuthSecret(config.dataDir) };
}
