// Starts a real PostgreSQL 17 + pgvector and a real Redis for the test run, from the image
// tags the container kit provides. A test that needs them and cannot get them fails.
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    redisUrl: string;
  }
}

export default async function startContainers(project: TestProject) {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const started: (StartedPostgreSqlContainer | StartedRedisContainer)[] = [];
  try {
    const [postgres, redis] = await Promise.all([
      new PostgreSqlContainer('pgvector/pgvector:pg17').start(),
      new RedisContainer('redis:8')
        .withCommand(['redis-server', '--maxmemory-policy', 'noeviction'])
        .start(),
    ]);
    started.push(postgres, redis);
    // Test traffic goes to 127.0.0.1 only, whatever "localhost" resolves to.
    const loopback = (url: string) =>
      url.replace('@localhost:', '@127.0.0.1:').replace('//localhost:', '//127.0.0.1:');
    project.provide('postgresUrl', loopback(postgres.getConnectionUri()));
    project.provide('redisUrl', loopback(redis.getConnectionUrl()));
    console.log(
      `test servers: PostgreSQL 17 + pgvector on 127.0.0.1:${postgres.getPort()}, Redis on 127.0.0.1:${redis.getPort()}`,
    );
  } catch (error) {
    await Promise.all(started.map((c) => c.stop()));
    throw new Error(
      `could not start the PostgreSQL and Redis test containers (run ../shared/container-kit/setup first): ${String(error)}`,
      { cause: error },
    );
  }
  return async () => {
    await Promise.all(started.map((c) => c.stop()));
  };
}
