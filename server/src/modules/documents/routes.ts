import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { invalidInput } from '../../lib/errors.js';
import type { JobQueue } from '../../queue/index.js';
import {
  acceptedResponse,
  addDocumentJsonBody,
  documentIdParams,
  documentListResponse,
  documentResponse,
  documentTextResponse,
  listDocumentsQuery,
  originalResponse,
} from './schemas.js';
import {
  addText,
  addUpload,
  addUrl,
  cancelDocument,
  getDocument,
  getDocumentText,
  listDocuments,
  openOriginal,
  refreshDocument,
  removeDocument,
} from './service.js';
import { readUpload, tooLarge } from './upload.js';

interface Options {
  db: Db;
  queue: JobQueue;
  config: Config;
}

export const documentRoutes: FastifyPluginAsyncZod<Options> = async (
  app,
  { db, queue, config },
) => {
  await app.register(multipart, {
    // One file; fields are not used, so none may be large.
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 5, fieldSize: 1024 },
  });
  const tags = ['documents'];
  const self = { access: { object: 'self' } } as const;
  const document = (need: 'read' | 'manage') => ({ access: { object: 'document', need } }) as const;

  app.post(
    '/api/documents',
    {
      // JSON here is a URL or pasted text: the JSON limit. Files stream under UPLOAD_MAX_BYTES.
      bodyLimit: config.jsonBodyMaxBytes,
      schema: {
        tags,
        summary:
          'Add a document: multipart `file` (PDF, DOCX, XLSX, CSV, PPTX, EPUB, HTML, Markdown, source code, text), JSON { url }, or JSON { title, text }',
        // Multipart bodies reach the schema as null and are streamed in the handler.
        body: addDocumentJsonBody.nullish(),
        response: { 202: acceptedResponse },
      },
      config: self,
    },
    async (request, reply) => {
      const actor = request.actor;
      if (request.isMultipart()) {
        const file = await readUpload(request, config.uploadMaxBytes);
        return reply.status(202).send(await addUpload(db, queue, actor, file));
      }
      const body = request.body;
      if (!body) throw invalidInput('body', 'send a file, { url } or { title, text }');
      if ('url' in body)
        return reply.status(202).send(await addUrl(db, queue, config, actor, body));
      if (Buffer.byteLength(body.text) > config.uploadMaxBytes)
        throw tooLarge(config.uploadMaxBytes);
      return reply.status(202).send(await addText(db, queue, actor, body));
    },
  );

  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'The documents you may read (yours and those shared with you), newest first; `collectionId`: one collection’s',
        querystring: listDocumentsQuery,
        response: { 200: documentListResponse },
      },
      config: self,
    },
    async (request) => listDocuments(db, request.actor, request.query),
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
      config: document('read'),
    },
    async (request) => getDocument(db, request.actor, request.params.id),
  );
  app.get(
    '/api/documents/:id/original',
    {
      schema: {
        tags,
        summary:
          'The original bytes, as uploaded or fetched, as a download (HTML as application/octet-stream)',
        params: documentIdParams,
        response: { 200: originalResponse },
      },
      config: document('read'),
    },
    async (request, reply) => {
      const original = await openOriginal(db, request.actor, request.params.id);
      return reply.headers(original.headers).send(original.body);
    },
  );
  app.get(
    '/api/documents/:id/text',
    {
      schema: {
        tags,
        summary:
          "The text Docket extracted, with its sections: what search results' and citations' charStart and charEnd point into (409 until ready)",
        params: documentIdParams,
        response: { 200: documentTextResponse },
      },
      config: document('read'),
    },
    async (request) => getDocumentText(db, request.actor, request.params.id),
  );
  app.post(
    '/api/documents/:id/refresh',
    {
      schema: {
        tags,
        summary:
          'Fetch a URL document again (202): unchanged pages cost nothing, changed ones replace their chunks at once; 409 for other documents or while ingesting',
        params: documentIdParams,
        response: { 202: documentResponse },
      },
      config: document('manage'),
    },
    async (request, reply) =>
      reply.status(202).send(await refreshDocument(db, queue, request.actor, request.params.id)),
  );
  app.post(
    '/api/documents/:id/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel a queued or processing ingestion: the document ends failed ("cancelled") without chunks; 409 once ready or failed',
        params: documentIdParams,
        response: { 200: documentResponse },
      },
      config: document('manage'),
    },
    async (request) => cancelDocument(db, request.actor, request.params.id),
  );
  app.delete(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'Delete a document and its chunks (its owner): it leaves every collection',
        params: documentIdParams,
      },
      config: document('manage'),
    },
    async (request, reply) => {
      await removeDocument(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
