// `docket documents …`: maintenance of every account's documents.
import { defineCommand } from './command.js';
import { withDatabase } from './database.js';

export const documentCommands = [
  defineCommand({
    name: 'documents rechunk',
    summary: 'queues documents ingested before text positions were kept to be read again',
    description:
      'Their text and passages are rebuilt from the bytes Docket stored (a URL document is not\n' +
      'fetched again), so that GET /api/documents/:id/text and citations have positions.\n' +
      'The workers (or the next `docket start`, embedded) do the work; the old passages are\n' +
      'searched until each document is done.',
    needs: 'config',
    run: ({ config }) =>
      withDatabase(config, async ({ db }) => {
        const [{ openQueue }, { rechunkDocumentsWithoutPlaces }, { createLogger }] =
          await Promise.all([
            import('../queue/index.js'),
            import('../modules/documents/rechunk.js'),
            import('../lib/logger.js'),
          ]);
        const logger = createLogger({ logLevel: 'warn' }, 'cli', process.stderr);
        const queue = await openQueue(config, db, logger);
        try {
          const queued = await rechunkDocumentsWithoutPlaces(db, queue);
          console.log(
            queued === 0
              ? 'every document has its text positions: nothing to do'
              : `queued ${queued} document${queued === 1 ? '' : 's'} to be read again`,
          );
        } finally {
          await queue.close();
        }
      }),
  }),
];
