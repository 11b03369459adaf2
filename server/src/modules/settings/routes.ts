import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { ADMIN_ROUTE } from '../../http/authenticate.js';
import { changeServerSettingsBody, serverSettingsResponse, settingsResponse } from './schemas.js';
import { changeServerSettings, describeSettings, getServerSettings } from './service.js';

export const settingsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Pick<Config, 'chat' | 'embeddings' | 'uploadMaxBytes' | 'signupDefault'>;
}> = async (app, { db, config }) => {
  const tags = ['settings'];
  const settings = describeSettings(config);
  app.get(
    '/api/settings',
    {
      schema: {
        tags,
        summary: 'What chat and embeddings use on this server (no keys)',
        response: { 200: settingsResponse },
      },
      config: { access: { object: 'self' } },
    },
    async () => settings,
  );
  app.get(
    '/api/settings/server',
    {
      schema: {
        tags,
        summary: 'Settings an administrator changes while the server runs: the sign-up mode',
        response: { 200: serverSettingsResponse },
      },
      config: ADMIN_ROUTE,
    },
    async () => getServerSettings(db, config),
  );
  app.patch(
    '/api/settings/server',
    {
      schema: {
        tags,
        summary: 'Change the sign-up mode (open, invite-only, closed; null: back to ALLOW_SIGNUP)',
        body: changeServerSettingsBody,
        response: { 200: serverSettingsResponse },
      },
      config: ADMIN_ROUTE,
    },
    async (request) => changeServerSettings(db, config, request.user.id, request.body),
  );
};
