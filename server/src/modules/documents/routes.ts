import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { JobQueue } from '../../queue/index.js';
import {
  acceptedResponse,
  addDocumentJsonBody,
  documentIdParams,
  documentListResponse,
  documentResponse,
  listDocumentsQuery,
} from './schemas.js';
import {
  addText,
  addUpload,
  addUrl,
  deleteDocument,
  getDocument,
  listDocuments,
} from './service.js';

interface Options {
  db: Db;
  queue: JobQueue;
  config: Config;
}

const tooLarge = (limit: number) =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the upload is larger than the limit of ${limit} bytes (UPLOAD_MAX_BYTES)`,
  );

export const documentRoutes: FastifyPluginAsyncZod<Options> = async (
  app,
  { db, queue, config },
) => {
  await app.register(multipart, {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 5 },
  });
  const tags = ['documents'];

  app.post(
    '/api/documents',
    {
      bodyLimit: config.uploadMaxBytes + 64 * 1024,
      schema: {
        tags,
        summary:
          'Add a document: multipart `file` (PDF, HTML, Markdown, text), JSON { url }, or JSON { title, text }',
        // Multipart bodies reach the schema as null and are streamed in the handler.
        body: addDocumentJsonBody.nullish(),
        response: { 202: acceptedResponse },
      },
    },
    async (request, reply) => {
      const userId = request.user.id;
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file)
          throw new AppError(
            400,
            'VALIDATION_ERROR',
            'invalid request: body.file: attach a file as `file`',
          );
        const bytes = await file.toBuffer().catch((error: unknown) => {
          if (file.file.truncated || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw tooLarge(config.uploadMaxBytes);
          throw error;
        });
        return reply
          .status(202)
          .send(await addUpload(db, queue, userId, { name: file.filename, bytes }));
      }
      const body = request.body;
      if (!body)
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          'invalid request: send a file, { url } or { title, text }',
        );
      if ('url' in body)
        return reply.status(202).send(await addUrl(db, queue, config, userId, body));
      if (Buffer.byteLength(body.text) > config.uploadMaxBytes)
        throw tooLarge(config.uploadMaxBytes);
      return reply.status(202).send(await addText(db, queue, userId, body));
    },
  );

  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Your documents, newest first',
        querystring: listDocumentsQuery,
        response: { 200: documentListResponse },
      },
    },
    async (request) => listDocuments(db, request.user.id, request.query),
  );
  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'A document with its ingestion status and progress',
        params: documentIdParams,
        response: { 200: documentResponse },
      },
    },
    async (request) => getDocument(db, request.user.id, request.params.id),
  );
  app.delete(
    '/api/documents/:id',
    { schema: { tags, summary: 'Delete a document and its chunks', params: documentIdParams } },
    async (request, reply) => {
      await deleteDocument(db, request.user.id, request.params.id);
      return reply.status(204).send();
    },
  );
};
