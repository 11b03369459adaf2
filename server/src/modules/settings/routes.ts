import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { settingsResponse } from './schemas.js';
import { describeSettings } from './service.js';

export const settingsRoutes: FastifyPluginAsyncZod<{
  config: Pick<Config, 'chat' | 'embeddings' | 'uploadMaxBytes'>;
}> = async (app, { config }) => {
  const settings = describeSettings(config);
  app.get(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'What chat and embeddings use on this server (no keys)',
        response: { 200: settingsResponse },
      },
      config: { access: { object: 'self' } },
    },
    async () => settings,
  );
};
