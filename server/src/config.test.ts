import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, documentedSettings, loadConfig, parseConfig } from './config.js';

const SECRET = 'a-perfectly-random-secret-of-more-than-32-chars';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults for an embedded start', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      publicUrl: 'http://localhost:3000',
      shutdownTimeoutMs: 8000,
    });
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
  });

  it('names each bad variable on its own line and says what it expects', () => {
    const problems = problemsOf({ DATABASE_URL: 'not-a-url', PORT: '99999', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres:\/\/ URL/);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/whole number from 1 to 65535/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toMatch(/one of fatal/);
  });

  it('never echoes a secret value', () => {
    const error = (() => {
      try {
        parseConfig({ AUTH_SECRET: 'short-but-secret', DATABASE_URL: 'mysql://user:hunter2@db/x' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.message).toMatch(/AUTH_SECRET: expected at least 32 characters/);
    expect(error?.message).toMatch(/DATABASE_URL:/);
    expect(error?.message).not.toContain('short-but-secret');
    expect(error?.message).not.toContain('hunter2');
  });

  it('reads secrets from <NAME>_FILE, and refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-config-'));
    const file = join(dir, 'secret');
    writeFileSync(file, `${SECRET}\n`);
    expect(parseConfig({ AUTH_SECRET_FILE: file }).authSecret).toBe(SECRET);
    expect(problemsOf({ AUTH_SECRET_FILE: file, AUTH_SECRET: SECRET })).toEqual([
      'AUTH_SECRET_FILE: set either AUTH_SECRET or AUTH_SECRET_FILE, not both',
    ]);
    expect(problemsOf({ REDIS_URL_FILE: join(dir, 'missing') })[0]).toMatch(
      /^REDIS_URL_FILE: expected a readable file/,
    );
  });

  it('reads every secret, and only a secret, from <NAME>_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-secrets-'));
    const file = (name: string, value: string) => {
      writeFileSync(join(dir, name), `${value}\n`);
      return join(dir, name);
    };
    const openai = { BASE_URL: 'http://localhost:11434/v1', MODEL: 'm' };
    const config = parseConfig({
      AUTH_SECRET_FILE: file('auth', SECRET),
      DATABASE_URL_FILE: file('database', 'postgres://db/docket'),
      REDIS_URL_FILE: file('redis', 'redis://redis:6379'),
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_BASE_URL: openai.BASE_URL,
      EMBEDDINGS_MODEL: openai.MODEL,
      EMBEDDINGS_DIMENSIONS: '768',
      EMBEDDINGS_API_KEY_FILE: file('embeddings', 'sk-embeddings'),
      CHAT_PROVIDER: 'openai',
      CHAT_BASE_URL: openai.BASE_URL,
      CHAT_MODEL: openai.MODEL,
      CHAT_API_KEY_FILE: file('chat', 'sk-chat'),
      PORT_FILE: file('port', '4000'),
    });
    expect(config).toMatchObject({
      authSecret: SECRET,
      databaseUrl: 'postgres://db/docket',
      redisUrl: 'redis://redis:6379',
      embeddings: { apiKey: 'sk-embeddings' },
      chat: { models: [{ apiKey: 'sk-chat' }] },
      port: 3000,
    });
  });

  it('documents every setting, with the default that parsing uses', () => {
    const settings = documentedSettings();
    expect(settings.map((s) => s.name)).toEqual(expect.arrayContaining(['PORT', 'AUTH_SECRET']));
    expect(Object.fromEntries(settings.map((s) => [s.name, s.value]))).toMatchObject({
      PORT: '3000',
      ALLOW_SIGNUP: 'true',
      TRUST_PROXY: 'false',
      INGEST_ALLOWED_HOSTS: '',
      AUTH_SECRET: undefined,
    });
    const defaults = parseConfig({});
    for (const setting of settings) {
      expect(setting.description, setting.name).not.toBe('');
      if (setting.value !== undefined)
        expect(parseConfig({ [setting.name]: setting.value }), setting.name).toEqual(defaults);
    }
    expect(settings.filter((s) => s.secret).map((s) => s.name)).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'AUTH_SECRET',
      'OIDC_CLIENT_SECRET',
      'EMBEDDINGS_API_KEY',
      'RERANK_API_KEY',
      'CHAT_API_KEY',
      'CHAT_MODEL_KEYS',
    ]);
  });

  it('requires the reranker settings its provider needs', () => {
    expect(problemsOf({ RERANK_PROVIDER: 'cohere-compatible' })).toEqual([
      'RERANK_BASE_URL: required when RERANK_PROVIDER=cohere-compatible',
      'RERANK_MODEL: required when RERANK_PROVIDER=cohere-compatible',
    ]);
    expect(problemsOf({ RERANK_PROVIDER: 'tei' })).toEqual([
      'RERANK_BASE_URL: required when RERANK_PROVIDER=tei',
    ]);
    expect(parseConfig({}).rerank).toEqual({ provider: 'off' });
  });

  it('names the variable of every bad number', () => {
    const numbers = documentedSettings().filter((s) => /^\d+$/.test(s.value ?? ''));
    expect(numbers.length).toBeGreaterThan(10);
    for (const { name } of numbers)
      expect(problemsOf({ [name]: 'many' }), name).toEqual([
        expect.stringMatching(new RegExp(`^${name}: expected a whole number from \\d+ to \\d+$`)),
      ]);
  });

  it('refuses a missing or example secret in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'AUTH_SECRET: required when NODE_ENV=production',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        AUTH_SECRET: 'replace-me-with-a-long-random-string-of-at-least-32-chars',
      }),
    ).toEqual(['AUTH_SECRET: is the example value; generate one: openssl rand -base64 48']);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
  });

  it('requires a shared secret when the database is a server', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/docket' })[0]).toMatch(
      /^AUTH_SECRET: required with DATABASE_URL/,
    );
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', REDIS_URL: '', PORT: '' })).toMatchObject({
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 3000,
    });
  });

  it('generates the embedded secret once, keeps it under DATA_DIR, readable by the owner only', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-data-'));
    const first = loadConfig({ DATA_DIR: dataDir }).authSecret;
    const second = loadConfig({ DATA_DIR: dataDir }).authSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(readFileSync(join(dataDir, 'auth-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'auth-secret')).mode & 0o777).toBe(0o600);
  });

  it('parses single sign-on, which needs its issuer, client id and secret together', () => {
    expect(parseConfig({}).oidc).toBeUndefined();
    expect(
      parseConfig({
        OIDC_ISSUER: 'https://sso.example.com/realms/acme',
        OIDC_CLIENT_ID: 'docket',
        OIDC_CLIENT_SECRET: 'secret',
        OIDC_SCOPES: 'openid email profile, groups',
        OIDC_ADMIN_GROUP: 'docket-admins',
      }).oidc,
    ).toEqual({
      issuer: 'https://sso.example.com/realms/acme',
      clientId: 'docket',
      clientSecret: 'secret',
      scopes: ['openid', 'email', 'profile', 'groups'],
      buttonLabel: 'Sign in with SSO',
      autoCreate: false,
      adminGroup: 'docket-admins',
      groupsClaim: 'groups',
    });
    expect(problemsOf({ OIDC_ISSUER: 'https://sso.example.com' })).toEqual([
      'OIDC_CLIENT_ID: required with OIDC_ISSUER',
      'OIDC_CLIENT_SECRET: required with OIDC_ISSUER',
    ]);
    expect(problemsOf({ OIDC_ISSUER: 'sso.example.com' })).toContain(
      'OIDC_ISSUER: expected an http(s) URL of an OpenID provider, such as https://sso.example.com/realms/acme',
    );
    expect(problemsOf({ OIDC_CLIENT_ID: 'docket' })).toEqual([
      'OIDC_CLIENT_ID: has no effect without OIDC_ISSUER: set it too, or remove this',
    ]);
  });

  it('parses the account, proxy and ingestion settings', () => {
    expect(
      parseConfig({
        ALLOW_SIGNUP: 'false',
        TRUST_PROXY: '1',
        INGEST_ALLOWED_HOSTS: 'Intranet.local, 127.0.0.1',
      }),
    ).toMatchObject({
      signupDefault: 'closed',
      trustProxy: 1,
      ingestAllowedHosts: ['intranet.local', '127.0.0.1'],
    });
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '172.16.0.1',
    ]);
    expect(parseConfig({}).uploadMaxBytes).toBe(25 * 1024 * 1024);
    expect(problemsOf({ ALLOW_SIGNUP: 'maybe', TRUST_PROXY: 'the nginx one' })).toEqual([
      'ALLOW_SIGNUP: expected true or false',
      'TRUST_PROXY: expected false, true, a hop count, or proxy addresses/CIDRs',
    ]);
  });

  it('uses offline embeddings by default, and requires the endpoint settings for openai', () => {
    expect(parseConfig({}).embeddings).toEqual({
      provider: 'offline',
      model: 'offline-hash-v2',
      dimensions: 384,
    });
    expect(problemsOf({ EMBEDDINGS_PROVIDER: 'openai' })).toEqual([
      'EMBEDDINGS_BASE_URL: required when EMBEDDINGS_PROVIDER=openai',
      'EMBEDDINGS_MODEL: required when EMBEDDINGS_PROVIDER=openai',
      'EMBEDDINGS_DIMENSIONS: required when EMBEDDINGS_PROVIDER=openai',
    ]);
    expect(
      parseConfig({
        EMBEDDINGS_PROVIDER: 'openai',
        EMBEDDINGS_BASE_URL: 'http://localhost:11434/v1/',
        EMBEDDINGS_MODEL: 'nomic-embed-text',
        EMBEDDINGS_DIMENSIONS: '768',
      }).embeddings,
    ).toEqual({
      provider: 'openai',
      baseUrl: 'http://localhost:11434/v1',
      model: 'nomic-embed-text',
      dimensions: 768,
      apiKey: undefined,
    });
  });
  it('chats offline by default, with bounded steps, a timeout and a rate limit', () => {
    expect(parseConfig({}).chat).toEqual({
      models: [],
      defaultModel: 'offline',
      maxSteps: 5,
      timeoutMs: 60_000,
      rateLimitPerMinute: 20,
    });
  });

  it('requires the endpoint and model for an openai chat provider, and checks the limits', () => {
    expect(problemsOf({ CHAT_PROVIDER: 'openai' })).toEqual([
      'CHAT_BASE_URL: required when CHAT_PROVIDER=openai',
      'CHAT_MODEL: required when CHAT_PROVIDER=openai',
    ]);
    expect(
      problemsOf({
        CHAT_PROVIDER: 'ollama',
        CHAT_BASE_URL: 'localhost:11434',
        CHAT_MAX_STEPS: '0',
        CHAT_TIMEOUT_MS: 'soon',
        CHAT_RATE_LIMIT_PER_MINUTE: '-1',
      }),
    ).toEqual([
      'CHAT_PROVIDER: expected offline or openai',
      expect.stringMatching(/^CHAT_BASE_URL: expected an http\(s\) URL/),
      'CHAT_MAX_STEPS: expected a whole number from 1 to 20',
      'CHAT_TIMEOUT_MS: expected a whole number from 100 to 3600000',
      'CHAT_RATE_LIMIT_PER_MINUTE: expected a whole number from 1 to 10000',
    ]);
    expect(
      parseConfig({
        CHAT_PROVIDER: 'openai',
        CHAT_BASE_URL: 'http://localhost:11434/v1/',
        CHAT_MODEL: 'llama3.1',
        CHAT_MAX_STEPS: '3',
        CHAT_TIMEOUT_MS: '5000',
        CHAT_RATE_LIMIT_PER_MINUTE: '5',
      }).chat,
    ).toEqual({
      models: [
        {
          id: 'llama3.1',
          label: 'llama3.1',
          baseUrl: 'http://localhost:11434/v1',
          model: 'llama3.1',
          apiKey: undefined,
        },
      ],
      defaultModel: 'llama3.1',
      maxSteps: 3,
      timeoutMs: 5000,
      rateLimitPerMinute: 5,
    });
  });

  it('reads the chat API key from CHAT_API_KEY_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-chat-'));
    writeFileSync(join(dir, 'key'), 'sk-from-file\n');
    const config = parseConfig({
      CHAT_PROVIDER: 'openai',
      CHAT_BASE_URL: 'https://openrouter.ai/api/v1',
      CHAT_MODEL: 'openai/gpt-4o-mini',
      CHAT_API_KEY_FILE: join(dir, 'key'),
    });
    expect(config.chat.models).toMatchObject([{ apiKey: 'sk-from-file' }]);
  });

  it('reads several models from CHAT_MODELS, their keys by name from CHAT_MODEL_KEYS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-models-'));
    writeFileSync(join(dir, 'keys'), '{"openai":"sk-one","router":"sk-two"}\n');
    const models = [
      {
        id: 'gpt',
        label: 'GPT-4o mini',
        baseUrl: 'https://api.openai.com/v1/',
        model: 'gpt-4o-mini',
        key: 'openai',
      },
      { id: 'llama', baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' },
    ];
    const config = parseConfig({
      CHAT_MODELS: JSON.stringify(models),
      CHAT_MODEL_KEYS_FILE: join(dir, 'keys'),
    });
    expect(config.chat).toMatchObject({
      defaultModel: 'gpt',
      models: [
        {
          id: 'gpt',
          label: 'GPT-4o mini',
          baseUrl: 'https://api.openai.com/v1',
          model: 'gpt-4o-mini',
          apiKey: 'sk-one',
        },
        { id: 'llama', label: 'llama3.1', model: 'llama3.1', apiKey: undefined },
      ],
    });
  });

  it('names what is wrong in CHAT_MODELS and CHAT_MODEL_KEYS, never echoing a key', () => {
    const one = { id: 'a', baseUrl: 'http://localhost:1/v1', model: 'm' };
    expect(problemsOf({ CHAT_MODELS: '[{"id":' })).toEqual([
      'CHAT_MODELS: expected JSON: a list of {"id","label","baseUrl","model","key"}',
    ]);
    expect(problemsOf({ CHAT_MODEL_KEYS: 'sk-not-json' })).toEqual([
      'CHAT_MODEL_KEYS: expected JSON: an object of key names to keys, such as {"openai":"sk-…"}',
    ]);
    expect(
      problemsOf({
        CHAT_MODELS: JSON.stringify([
          { ...one, id: 'offline' },
          { ...one, id: 'b', baseUrl: 'ftp://x' },
          { ...one, id: 'c', apiKey: 'sk-inline' },
        ]),
      }),
    ).toEqual([
      expect.stringMatching(/^CHAT_MODELS\.0\.id: "offline" is the offline model's id$/),
      expect.stringMatching(/^CHAT_MODELS\.1\.baseUrl: expected an http\(s\) URL/),
      expect.stringMatching(/^CHAT_MODELS\.2: .*apiKey/),
    ]);
    expect(problemsOf({ CHAT_MODELS: JSON.stringify([one, one]) })).toEqual([
      'CHAT_MODELS: ids must differ',
    ]);
    expect(problemsOf({ CHAT_MODELS: JSON.stringify([{ ...one, key: 'missing' }]) })).toEqual([
      'CHAT_MODELS: 0.key: "missing" is not a key name in CHAT_MODEL_KEYS',
    ]);
    expect(
      problemsOf({
        CHAT_MODELS: JSON.stringify([one]),
        CHAT_PROVIDER: 'openai',
        CHAT_BASE_URL: 'http://localhost:1/v1',
        CHAT_MODEL: 'm',
      }),
    ).toEqual([
      'CHAT_MODELS: set either CHAT_MODELS or CHAT_PROVIDER=openai, not both: list that model in CHAT_MODELS',
    ]);
  });
});
