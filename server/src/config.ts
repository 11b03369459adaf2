// The only module that reads process.env. Every setting is written once, in `envSchema`: its
// validation, default and description; the Config type is inferred from it, and README.md's
// table and .env.example's comments are generated from it (server/scripts/config-docs.ts).
// A bad setting stops the process with one line per problem, naming the variable, never its value.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SERVER_DIR } from './lib/server-dir.js';

/** What the documentation says of a setting. */
export interface SettingDoc {
  /** Markdown: README.md's "meaning" column, and the comment above it in .env.example. */
  description: string;
  /** Markdown, for a default computed at start-up (or none, saying what unset means). */
  default?: string;
  /** Secret: may also be given as `<NAME>_FILE` (Docker and Kubernetes secrets). */
  secret?: true;
}

const docs = z.registry<SettingDoc>();

/** Placeholders that appear in our docs and examples; never acceptable in production. */
export const EXAMPLE_SECRETS = new Set([
  'change-me',
  'changeme',
  'replace-me-with-a-long-random-string-of-at-least-32-chars',
]);

const DEFAULT_WEB_DIR = join(SERVER_DIR, '..', 'web', 'dist');

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

const urlWithProtocols = (protocols: string[], what: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `expected ${what}`);

const httpUrl = (example: string) =>
  urlWithProtocols(['http:', 'https:'], `an http(s) URL${example}`);

const hostToListenOn = z.string().min(1, 'expected a host name or address to listen on');

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

const provider = () =>
  z.enum(['offline', 'openai'], { error: 'expected offline or openai' }).default('offline');

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

/** A new schema each time: the docs registry keys descriptions by schema. */
const hostList = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    );

/** A string setting that holds JSON; its parse error never echoes the value (it may be secret). */
const json = <T extends z.ZodType>(schema: T, expected: string) =>
  z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected JSON: ${expected}` });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** A model's id: what clients send as `model` (the /v1 API too); `offline` is the offline one. */
export const OFFLINE_MODEL_ID = 'offline';
const modelId = z
  .string()
  .regex(
    /^[A-Za-z0-9][\w.:/-]{0,63}$/,
    'expected an id of letters, digits and . _ : / - (at most 64 characters)',
  )
  .refine((id) => id !== OFFLINE_MODEL_ID, `"${OFFLINE_MODEL_ID}" is the offline model's id`);

const keyName = z.string().regex(/^[\w.-]{1,64}$/, 'expected a key name of letters, digits, . _ -');

const chatModelList = json(
  z
    .array(
      z.strictObject({
        id: modelId,
        label: z.string().trim().min(1).max(80).optional(),
        baseUrl: httpUrl(' of an OpenAI-compatible API, such as https://api.openai.com/v1'),
        model: z.string().min(1, 'expected the model name the endpoint knows'),
        key: keyName.optional(),
      }),
    )
    .min(1, 'expected at least one model')
    .refine((list) => new Set(list.map((m) => m.id)).size === list.length, 'ids must differ'),
  'a list of {"id","label","baseUrl","model","key"}',
);

const chatModelKeys = json(
  z.record(keyName, z.string().min(1, 'expected a key')),
  'an object of key names to keys, such as {"openai":"sk-…"}',
);

/** Every setting, in the order README.md lists them. */
const envSchema = z.object({
  PORT: int(1, 65535).default(3000).register(docs, { description: 'HTTP port' }),
  METRICS_HOST: hostToListenOn.default('127.0.0.1').register(docs, {
    description:
      'address the Prometheus metrics listener binds to (`0.0.0.0` in containers, for a scraper on their network; never published)',
  }),
  METRICS_PORT: int(0, 65535).default(9464).register(docs, {
    description:
      'port of `GET /metrics`, apart from the public `PORT`; `0` turns metrics off. A port already taken is logged and the server runs on without metrics',
  }),
  HOST: hostToListenOn.default('0.0.0.0').register(docs, { description: 'address to listen on' }),
  PUBLIC_URL: httpUrl(' such as https://docket.example.com').optional().register(docs, {
    description:
      'the address users reach Docket at, e.g. `https://docket.example.com` (links in mails, sign-in origin checks)',
    default: '`http://localhost:$PORT`',
  }),
  DATA_DIR: z.string().min(1, 'expected a directory path').default('./data').register(docs, {
    description:
      'embedded database and generated secret; unused by servers that have `DATABASE_URL`',
  }),
  DATABASE_URL: urlWithProtocols(
    ['postgres:', 'postgresql:'],
    'a postgres:// URL such as postgres://user:password@host:5432/docket (unset: embedded database)',
  )
    .optional()
    .register(docs, {
      description: '`postgres://user:password@host:5432/docket` (PostgreSQL 17 with pgvector)',
      default: 'unset: embedded PGlite under `DATA_DIR`',
      secret: true,
    }),
  DATABASE_POOL_MAX: int(1, 100)
    .default(10)
    .register(docs, { description: 'connections per process to PostgreSQL' }),
  REDIS_URL: urlWithProtocols(
    ['redis:', 'rediss:'],
    'a redis:// URL such as redis://host:6379 (unset: jobs run in-process)',
  )
    .optional()
    .register(docs, {
      description:
        '`redis://host:6379`; Redis must use `maxmemory-policy noeviction` (checked at start)',
      default: 'unset: jobs run in-process',
      secret: true,
    }),
  AUTH_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters (generate one: openssl rand -base64 48)')
    .optional()
    .register(docs, {
      description:
        'signs sessions and tokens; at least 32 characters (`openssl rand -base64 48`), shared by every process, and changing it signs everyone out. Required with `DATABASE_URL` and with `NODE_ENV=production`, where example values are refused',
      default: 'embedded (no `DATABASE_URL`): generated once into `DATA_DIR/auth-secret`',
      secret: true,
    }),
  ALLOW_SIGNUP: bool(true).register(docs, {
    description:
      "the sign-up mode until an administrator chooses one on the Users page (`open`, `closed` or `invite-only`, stored in the database, which then wins): `true` is `open`, `false` is `closed` (sign-up answers 403 `SIGNUP_CLOSED`; the first account, the administrator's, and invited people can still sign up)",
  }),
  OIDC_ISSUER: httpUrl(' of an OpenID provider, such as https://sso.example.com/realms/acme')
    .optional()
    .register(docs, {
      description:
        "single sign-on with OpenID Connect: the provider's issuer, exactly as its `/.well-known/openid-configuration` says (Keycloak `https://sso.example.com/realms/acme`, Authentik `https://authentik.example.com/application/o/docket/`, Google `https://accounts.google.com`); register `$PUBLIC_URL/api/auth/callback/oidc` as the redirect URI ([docs/teams.md](docs/teams.md#single-sign-on))",
      default: 'unset: no single sign-on',
    }),
  OIDC_CLIENT_ID: z.string().min(1).optional().register(docs, {
    description: "with `OIDC_ISSUER`: Docket's client id at the provider",
  }),
  OIDC_CLIENT_SECRET: z.string().min(1).optional().register(docs, {
    description: "with `OIDC_ISSUER`: Docket's client secret at the provider",
    secret: true,
  }),
  OIDC_SCOPES: z
    .string()
    .default('openid email profile')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .register(docs, {
      description:
        'scopes asked for, separated by commas or spaces; add the one that carries groups if your provider needs it (e.g. `groups`)',
    }),
  OIDC_BUTTON_LABEL: z.string().trim().min(1).max(60).optional().register(docs, {
    description: 'the single sign-on button on the sign-in page, e.g. `Sign in with Keycloak`',
    default: '`Sign in with SSO`',
  }),
  OIDC_AUTO_CREATE: bool(false).register(docs, {
    description:
      '`true`: someone the provider signs in who has no account here gets one (whatever the sign-up mode); `false`: only existing accounts (created or invited by an administrator) sign in with single sign-on, and others are refused with `SSO_ACCOUNT_UNKNOWN`',
  }),
  OIDC_ADMIN_GROUP: z.string().min(1).optional().register(docs, {
    description:
      'members of this group (in the `OIDC_GROUPS_CLAIM` claim) are administrators, and others are not: applied at every single sign-on (the last administrator is never demoted)',
    default: 'unset: roles are managed on the Users page only',
  }),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups').register(docs, {
    description:
      'the ID token or userinfo claim that lists the groups (a list of names, or one name), for `OIDC_ADMIN_GROUP`',
  }),
  TRUST_PROXY: trustProxy.register(docs, {
    description:
      "which proxies' `X-Forwarded-For` to believe for the client address (rate limits, logs): `false`, `true`, a hop count (`1` behind the Compose stack's nginx, `2` with Caddy in front), or proxy addresses/CIDRs. Too high lets clients choose their address; too low makes every client look like the proxy",
  }),
  AUTH_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(30).register(docs, {
    description:
      'sign-in and sign-up attempts per client address per minute (other auth routes: 4×)',
  }),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'expected development, production or test',
    })
    .default('development')
    .register(docs, {
      description: '`production` makes secrets mandatory; it never selects a role',
    }),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info')
    .register(docs, {
      description:
        '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; logs are JSON lines (readable coloured lines on a terminal)',
    }),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024)
    .default(25 * 1024 * 1024)
    .register(docs, {
      description:
        "largest uploaded file or fetched page, in bytes; a file streams in and is refused (413) once it passes this (the Compose and Helm nginx's `client_max_body_size` follows it)",
    }),
  JSON_BODY_MAX_BYTES: int(1024, 64 * 1024 * 1024)
    .default(1024 * 1024)
    .register(docs, {
      description:
        'largest JSON body in bytes (pasted text included; chat takes less: 124,096 bytes); larger: 413. Nesting deeper than 32 levels: 400 `JSON_TOO_DEEP`, before parsing',
    }),
  INGEST_ALLOWED_HOSTS: hostList().register(docs, {
    description:
      'comma-separated host names or addresses that documents may be fetched from even though they are private (intranets, tests); nothing else private is ever fetched, and cloud metadata addresses stay refused',
  }),
  INGEST_MAX_PAGES: int(1, 1_000_000).default(2_000).register(docs, {
    description:
      'pages per PDF, checked before any page is read; over it the document ends `failed` naming the limit and this setting',
  }),
  INGEST_MAX_CHARS: int(1_000, 1_000_000_000).default(10_000_000).register(docs, {
    description:
      'characters of extracted text per document, counted while extracting (a compressed PDF cannot inflate past it); over it: `failed`, naming it',
  }),
  INGEST_MAX_CHUNKS: int(1, 10_000_000).default(10_000).register(docs, {
    description:
      'chunks (~1,000 characters each) per document, checked before anything is embedded or stored; over it: `failed`, naming it',
  }),
  URL_REFRESH_HOURS: int(0, 8_760).default(0).register(docs, {
    description:
      'how often (hours) URL documents are fetched again by the workers, `0`: only on demand (`POST /api/documents/:id/refresh`). Unchanged pages (ETag, Last-Modified, the same bytes) cost nothing; changed ones replace their chunks in one transaction',
  }),
  SITEMAP_MAX_PAGES: int(0, 100_000).default(50).register(docs, {
    description:
      'pages a sitemap URL (a `<urlset>`, or a `<sitemapindex>` and the sitemaps it lists) adds as URL documents at most, in the order it lists them; pages the user has already are not added again. `0`: a sitemap adds none (it is kept as the list of its pages)',
  }),
  OCR_ENABLED: bool(true).register(docs, {
    description:
      '`false` turns OCR off: PDF pages without a text layer are then skipped (a PDF with no text at all fails) and PNG/JPEG uploads fail saying so. On: such pages and pictures are read with Tesseract (English), in the worker, offline',
  }),
  OCR_MAX_PAGES: int(1, 100_000).default(100).register(docs, {
    description:
      'pictures (PNG/JPEG uploads) and PDF pages without a text layer that may be OCR’d per document, counted before any is; over it the document ends `failed` naming this setting',
  }),
  OCR_TIMEOUT_MS: int(1_000, 86_400_000).default(600_000).register(docs, {
    description:
      'the longest OCR may take for one document (ms, every page together; about 1–5 s a page on one core); then it stops and the document ends `failed` naming this setting',
  }),
  EMBEDDINGS_PROVIDER: provider().register(docs, {
    description:
      '`offline`: lexical hashing embeddings, no model, no network; `openai`: any OpenAI-compatible endpoint (OpenAI, OpenRouter, Ollama, vLLM). Changing provider, model or dimensions later needs `docket reembed` (the api and worker refuse to start until then)',
  }),
  EMBEDDINGS_BASE_URL: httpUrl(' of an OpenAI-compatible API, such as https://api.openai.com/v1')
    .optional()
    .register(docs, {
      description:
        'with `openai`: the API base, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`',
    }),
  EMBEDDINGS_MODEL: z.string().min(1).optional().register(docs, {
    description: 'with `openai`: e.g. `text-embedding-3-small`, `nomic-embed-text`',
  }),
  EMBEDDINGS_DIMENSIONS: int(16, 4096).optional().register(docs, {
    description: "with `openai`: the model's vector size, e.g. `1536`, `768`",
  }),
  EMBEDDINGS_API_KEY: z
    .string()
    .min(1)
    .optional()
    .register(docs, { description: 'with `openai`, where the endpoint needs one', secret: true }),
  RERANK_PROVIDER: z
    .enum(['off', 'cohere-compatible', 'tei'], { error: 'expected off, cohere-compatible or tei' })
    .default('off')
    .register(docs, {
      description:
        'reorders the best passages of each search with a reranking model after fusion: `cohere-compatible` (`POST <base>/rerank` with `model`, `query`, `documents`: Cohere, Jina, vLLM, llama.cpp, LocalAI) or `tei` (Hugging Face Text Embeddings Inference); a failing reranker leaves the fused order, with a warning logged (see [docs/documents.md](docs/documents.md#reranking))',
    }),
  RERANK_BASE_URL: httpUrl(' of a reranking API, such as https://api.jina.ai/v1')
    .optional()
    .register(docs, {
      description:
        'with a reranker: the API base that `/rerank` is under, e.g. `https://api.cohere.com/v2`, `https://api.jina.ai/v1`, `http://vllm:8000/v1`, `http://tei:8080`',
    }),
  RERANK_MODEL: z.string().min(1).optional().register(docs, {
    description:
      'with `cohere-compatible`: e.g. `rerank-v3.5`, `jina-reranker-v2-base-multilingual`, `BAAI/bge-reranker-v2-m3` (TEI serves one model: unused)',
  }),
  RERANK_API_KEY: z
    .string()
    .min(1)
    .optional()
    .register(docs, { description: 'with a reranker, where the endpoint needs one', secret: true }),
  RERANK_CANDIDATES: int(2, 100).default(30).register(docs, {
    description:
      'how many of the fused results the reranker reorders (a search asks for at most 50; more than it asks for lets a passage from further down move up)',
  }),
  RERANK_TIMEOUT_MS: int(100, 60_000).default(5_000).register(docs, {
    description: 'the longest a rerank request may take (ms); then the fused order is kept',
  }),
  CHAT_PROVIDER: provider().register(docs, {
    description:
      '`offline`: no model, answers quote your documents with citations; `openai`: any OpenAI-compatible chat API (see [docs/chat.md](docs/chat.md))',
  }),
  CHAT_BASE_URL: httpUrl(' of an OpenAI-compatible API, such as https://api.openai.com/v1')
    .optional()
    .register(docs, {
      description:
        'with `openai`: the API base, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`',
    }),
  CHAT_MODEL: z.string().min(1).optional().register(docs, {
    description:
      'with `openai`: e.g. `gpt-4o-mini`, `llama3.1` (task actions need a model with tool calling)',
  }),
  CHAT_API_KEY: z
    .string()
    .min(1)
    .optional()
    .register(docs, { description: 'with `openai`, where the endpoint needs one', secret: true }),
  CHAT_MODELS: chatModelList.optional().register(docs, {
    description:
      'the models users may pick, a JSON list: `[{"id":"gpt-4o-mini","label":"GPT-4o mini","baseUrl":"https://api.openai.com/v1","model":"gpt-4o-mini","key":"openai"}]` (`label` and `key` optional; `key` names an entry of `CHAT_MODEL_KEYS`). The first is the default; `offline` is always offered too. Instead of `CHAT_PROVIDER=openai`, not with it (see [docs/chat.md](docs/chat.md#several-models))',
  }),
  CHAT_MODEL_KEYS: chatModelKeys.optional().register(docs, {
    description:
      'the API keys `CHAT_MODELS` refers to by name, a JSON object: `{"openai":"sk-…","openrouter":"sk-or-…"}`',
    secret: true,
  }),
  CHAT_MAX_STEPS: int(1, 20)
    .default(5)
    .register(docs, { description: 'model steps (tool rounds) per answer, 1–20' }),
  CHAT_TIMEOUT_MS: int(100, 3_600_000).default(60_000).register(docs, {
    description:
      'the longest an answer may take (ms), all steps included; then it ends with a `MODEL_TIMEOUT` error. A question with attachments first waits as long for them to be read',
  }),
  CHAT_RATE_LIMIT_PER_MINUTE: int(1, 10_000).default(20).register(docs, {
    description:
      'answers per user per minute (429 beyond), chat and the OpenAI-compatible `/v1` API together, counted in the database',
  }),
  MCP_ALLOWED_HOSTS: hostList().register(docs, {
    description:
      'comma-separated host names or addresses of external MCP servers (registered by administrators, see [docs/mcp.md](docs/mcp.md#mcp-client)) that may be reached although they are private, e.g. a server on the Compose network; nothing else private is reached, and cloud metadata addresses stay refused',
  }),
  SHUTDOWN_TIMEOUT_MS: int(100, 300_000).default(8_000).register(docs, {
    description:
      "on SIGTERM/SIGINT, how long (ms) in-flight requests and jobs may take to finish; keep it below the container's stop timeout (Compose: 10 s), as unfinished jobs are taken again by another worker",
  }),
  WORKER_CONCURRENCY: int(1, 64).default(2).register(docs, {
    description:
      'ingestion jobs run at once per process (diagnostic jobs have one slot of their own, which ingestion never waits for)',
  }),
  JOB_LEASE_MS: int(1_000, 600_000).default(30_000).register(docs, {
    description:
      'how long (ms) a running job stays with its process without a renewal: the jobs of a process that died are taken again after it (a job whose process died 3 times fails, and its document with it)',
  }),
  HEARTBEAT_FILE: z
    .string()
    .min(1, 'expected a file path')
    .default(join(tmpdir(), 'docket-heartbeat.json'))
    .register(docs, {
      description: 'where a running role records that it is healthy, for `healthcheck`',
      default: '`<tmp>/docket-heartbeat.json`',
    }),
  WEB_DIR: z.string().min(1, 'expected a directory path').default(DEFAULT_WEB_DIR).register(docs, {
    description: 'the built web app, served by the `all` role',
    default: '`web/dist`',
  }),
});

type Env = z.output<typeof envSchema>;

/** With a provider set to openai, the settings it needs. */
const REQUIRED_WITH_OPENAI: [keyof Env, (keyof Env)[]][] = [
  ['EMBEDDINGS_PROVIDER', ['EMBEDDINGS_BASE_URL', 'EMBEDDINGS_MODEL', 'EMBEDDINGS_DIMENSIONS']],
  ['CHAT_PROVIDER', ['CHAT_BASE_URL', 'CHAT_MODEL']],
];

/** With a reranker, the settings it needs (TEI serves one model, so it names none). */
const REQUIRED_WITH_RERANKER: Record<Exclude<Env['RERANK_PROVIDER'], 'off'>, (keyof Env)[]> = {
  'cohere-compatible': ['RERANK_BASE_URL', 'RERANK_MODEL'],
  tei: ['RERANK_BASE_URL'],
};
/** Single sign-on needs its three settings together; its other settings need it. */
function checkOidc(e: Env, problem: (name: keyof Env, message: string) => void) {
  if (e.OIDC_ISSUER) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const)
      if (!e[name]) problem(name, 'required with OIDC_ISSUER');
    return;
  }
  for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ADMIN_GROUP'] as const)
    if (e[name]) problem(name, 'has no effect without OIDC_ISSUER: set it too, or remove this');
}

/** Single sign-on with one OpenID provider, or none. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  buttonLabel: string;
  autoCreate: boolean;
  /** Members of it are administrators; undefined: roles are not taken from the provider. */
  adminGroup: string | undefined;
  groupsClaim: string;
}

function oidcConfig(e: Env): OidcConfig | undefined {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    scopes: e.OIDC_SCOPES,
    buttonLabel: e.OIDC_BUTTON_LABEL ?? 'Sign in with SSO',
    autoCreate: e.OIDC_AUTO_CREATE,
    adminGroup: e.OIDC_ADMIN_GROUP,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
  };
}

/** Rules between settings, each problem reported under the variable to change. */
function checkCombinations(e: Env, ctx: z.RefinementCtx) {
  const problem = (name: keyof Env, message: string) =>
    ctx.addIssue({ code: 'custom', path: [name], message });
  if (e.NODE_ENV === 'production') {
    if (!e.AUTH_SECRET) problem('AUTH_SECRET', 'required when NODE_ENV=production');
    else if (EXAMPLE_SECRETS.has(e.AUTH_SECRET))
      problem('AUTH_SECRET', 'is the example value; generate one: openssl rand -base64 48');
  }
  for (const [choice, names] of REQUIRED_WITH_OPENAI) {
    if (e[choice] !== 'openai') continue;
    for (const name of names)
      if (e[name] === undefined) problem(name, `required when ${choice}=openai`);
  }
  if (e.RERANK_PROVIDER !== 'off')
    for (const name of REQUIRED_WITH_RERANKER[e.RERANK_PROVIDER])
      if (e[name] === undefined)
        problem(name, `required when RERANK_PROVIDER=${e.RERANK_PROVIDER}`);
  checkOidc(e, problem);
  if (e.CHAT_MODELS && e.CHAT_PROVIDER === 'openai')
    problem(
      'CHAT_MODELS',
      'set either CHAT_MODELS or CHAT_PROVIDER=openai, not both: list that model in CHAT_MODELS',
    );
  for (const [index, model] of (e.CHAT_MODELS ?? []).entries())
    if (model.key !== undefined && e.CHAT_MODEL_KEYS?.[model.key] === undefined)
      problem('CHAT_MODELS', `${index}.key: "${model.key}" is not a key name in CHAT_MODEL_KEYS`);
  if (!e.AUTH_SECRET && e.DATABASE_URL)
    problem(
      'AUTH_SECRET',
      'required with DATABASE_URL, so that every process shares it (openssl rand -base64 48)',
    );
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

/**
 * The offline embedding: lexical feature hashing, no model, no network. A new version of it is
 * a new model name: chunks embedded by an older one are re-embedded by `migrate` (documents'
 * start-up hook), since that needs neither a model nor a network.
 */
export const OFFLINE_EMBEDDINGS = {
  provider: 'offline',
  model: 'offline-hash-v2',
  dimensions: 384,
} as const;

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

function embeddingsConfig(e: Env): EmbeddingsConfig {
  if (e.EMBEDDINGS_PROVIDER === 'offline') return { ...OFFLINE_EMBEDDINGS };
  return {
    provider: 'openai',
    baseUrl: withoutTrailingSlash(e.EMBEDDINGS_BASE_URL ?? ''),
    model: e.EMBEDDINGS_MODEL ?? '',
    dimensions: e.EMBEDDINGS_DIMENSIONS ?? 0,
    apiKey: e.EMBEDDINGS_API_KEY,
  };
}

/** The reranker of search results: none (the default), or a `/rerank` endpoint. */
export type RerankConfig =
  | { provider: 'off' }
  | {
      provider: 'cohere-compatible' | 'tei';
      baseUrl: string;
      model: string | undefined;
      apiKey: string | undefined;
      candidates: number;
      timeoutMs: number;
    };

function rerankConfig(e: Env): RerankConfig {
  if (e.RERANK_PROVIDER === 'off') return { provider: 'off' };
  return {
    provider: e.RERANK_PROVIDER,
    baseUrl: withoutTrailingSlash(e.RERANK_BASE_URL ?? ''),
    model: e.RERANK_MODEL,
    apiKey: e.RERANK_API_KEY,
    candidates: e.RERANK_CANDIDATES,
    timeoutMs: e.RERANK_TIMEOUT_MS,
  };
}

/** A model users may pick: an OpenAI-compatible endpoint and the model name it knows. */
export interface ChatModelConfig {
  /** What clients name it by (POST /api/chat's `model`, the /v1 API's model list). */
  id: string;
  label: string;
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
}

/** The chat agent's models (none: offline only, the default), and its limits. */
export interface ChatConfig {
  /** From CHAT_MODELS, or the one of CHAT_PROVIDER=openai; the offline model is offered besides. */
  models: ChatModelConfig[];
  /** The first model's id, or the offline model's when there is none. */
  defaultModel: string;
  maxSteps: number;
  timeoutMs: number;
  rateLimitPerMinute: number;
}

function chatModels(e: Env): ChatModelConfig[] {
  if (e.CHAT_MODELS)
    return e.CHAT_MODELS.map((m) => ({
      id: m.id,
      label: m.label ?? m.model,
      baseUrl: withoutTrailingSlash(m.baseUrl),
      model: m.model,
      apiKey: m.key === undefined ? undefined : e.CHAT_MODEL_KEYS?.[m.key],
    }));
  if (e.CHAT_PROVIDER === 'offline') return [];
  // CHAT_PROVIDER=openai, as before CHAT_MODELS: one model, named by its own name.
  const model = e.CHAT_MODEL ?? '';
  return [
    {
      id: model,
      label: model,
      baseUrl: withoutTrailingSlash(e.CHAT_BASE_URL ?? ''),
      model,
      apiKey: e.CHAT_API_KEY,
    },
  ];
}

function chatConfig(e: Env): ChatConfig {
  const models = chatModels(e);
  return {
    models,
    defaultModel: models[0]?.id ?? OFFLINE_MODEL_ID,
    maxSteps: e.CHAT_MAX_STEPS,
    timeoutMs: e.CHAT_TIMEOUT_MS,
    rateLimitPerMinute: e.CHAT_RATE_LIMIT_PER_MINUTE,
  };
}

/** The settings as the code uses them: grouped, paths resolved, URLs without a trailing slash. */
function toConfig(e: Env) {
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    /** Where Prometheus metrics are served; port 0 turns them off. */
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    /** Missing only before `loadConfig` generates the embedded mode's secret. */
    authSecret: e.AUTH_SECRET,
    /** The sign-up mode while no administrator has chosen one (settings module). */
    signupDefault: e.ALLOW_SIGNUP ? ('open' as const) : ('closed' as const),
    oidc: oidcConfig(e),
    trustProxy: e.TRUST_PROXY,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    /** Largest JSON body of any route; a route may declare less (chat does). */
    jsonBodyMaxBytes: e.JSON_BODY_MAX_BYTES,
    /** Per document; over one, ingestion fails and names the setting. */
    ingestLimits: {
      maxPages: e.INGEST_MAX_PAGES,
      maxChars: e.INGEST_MAX_CHARS,
      maxChunks: e.INGEST_MAX_CHUNKS,
      /** OCR of scanned pages and pictures (documents/ocr.ts), in the preparation thread. */
      ocr: { enabled: e.OCR_ENABLED, maxPages: e.OCR_MAX_PAGES, timeoutMs: e.OCR_TIMEOUT_MS },
    },
    ingestAllowedHosts: e.INGEST_ALLOWED_HOSTS,
    /** URL documents fetched again every this many hours; 0: on demand only. */
    urlRefreshHours: e.URL_REFRESH_HOURS,
    /** Private hosts that administrators' MCP servers may be on. */
    mcpAllowedHosts: e.MCP_ALLOWED_HOSTS,
    /** Pages a sitemap URL adds at most. */
    sitemapMaxPages: e.SITEMAP_MAX_PAGES,
    embeddings: embeddingsConfig(e),
    rerank: rerankConfig(e),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    /** How long a running job stays with its process unrenewed; a dead process's jobs are taken again after it. */
    jobLeaseMs: e.JOB_LEASE_MS,
    heartbeatFile: resolve(e.HEARTBEAT_FILE),
    webDir: resolve(e.WEB_DIR),
    chat: chatConfig(e),
  };
}

const configSchema = envSchema.superRefine(checkCombinations).transform(toConfig);

/** The configuration before `loadConfig`: the auth secret may still be missing. */
export type ParsedConfig = z.output<typeof configSchema>;
export type Config = ParsedConfig & { authSecret: string };
export type IngestLimits = Config['ingestLimits'];
export type OcrLimits = IngestLimits['ocr'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type RawEnv = Record<string, string | undefined>;
type Name = keyof typeof envSchema.shape;

const NAMES = Object.keys(envSchema.shape) as Name[];

/** Secrets may be given directly or as `<NAME>_FILE` (Docker and Kubernetes secrets). */
const SECRET_NAMES = NAMES.filter((name) => docs.get(envSchema.shape[name])?.secret);

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
export function parseConfig(rawEnv: RawEnv): ParsedConfig {
  const problems: string[] = [];
  const env = resolveSecretFiles(dropEmpty(rawEnv), problems);
  const parsed = configSchema.safeParse(env);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
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

/** One setting as the documentation shows it (server/scripts/config-docs.ts). */
export interface DocumentedSetting extends SettingDoc {
  name: Name;
  /** The default as it would be written in the environment; undefined: none. */
  value: string | undefined;
}

/** Every setting with its description and default, in the schema's order. */
export function documentedSettings(): DocumentedSetting[] {
  return NAMES.map((name) => {
    const schema = envSchema.shape[name];
    const doc = docs.get(schema);
    if (!doc) throw new Error(`config.ts: ${name} has no description`);
    return { name, ...doc, value: asEnvValue(schema.parse(undefined)) };
  });
}

/** A parsed default written back as the environment would give it. */
function asEnvValue(value: Env[Name]): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
