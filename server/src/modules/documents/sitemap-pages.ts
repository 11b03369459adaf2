// A sitemap fetched as a URL document adds its pages as URL documents of the same user, each
// ingested by a job of its own: at most SITEMAP_MAX_PAGES, in the sitemap's order, skipping
// pages the user has already (a refresh of the sitemap adds only the new ones). A sitemap index's
// sitemaps are fetched one after another with the same SSRF rules as any URL (safeFetch), until
// enough pages are found; one that cannot be fetched or read is skipped and logged. Each page is
// checked again when its own job fetches it. A page that is a sitemap again fails saying so
// (ingest.ts): a chain of sitemaps could otherwise add pages without end; its owner can refresh
// it, which follows it, as one added by hand is.
import { safeFetch } from '../../lib/safe-fetch.js';
import type { JobDeps } from '../../queue/index.js';
import { ingestJob } from './jobs.js';
import { insertDocument, selectUrlDocumentAddresses, type DocumentRow } from './queries.js';
import { readSitemap } from './sitemap.js';

/** Sitemaps of an index fetched at most (an index lists up to 50,000 of them). */
const MAX_SITEMAPS_FETCHED = 20;

async function fetchSitemap(deps: JobDeps, url: string) {
  try {
    const page = await safeFetch(url, {
      allowedHosts: deps.config.ingestAllowedHosts,
      maxBytes: deps.config.uploadMaxBytes,
    });
    const sitemap = readSitemap(page.bytes);
    if (sitemap?.lists === 'pages') return sitemap.locations;
    deps.logger.warn({ url }, 'a sitemap of the index is not a list of pages: skipped');
  } catch (error) {
    deps.logger.warn({ err: error, url }, 'a sitemap of the index could not be fetched: skipped');
  }
  return [];
}

/** The pages the sitemap gives, at most `max` (an index's: from its sitemaps, in order). */
async function pagesOf(deps: JobDeps, bytes: Uint8Array, max: number) {
  const sitemap = readSitemap(bytes);
  if (!sitemap || sitemap.lists === 'pages') return sitemap?.locations.slice(0, max) ?? [];
  const pages = new Set<string>();
  for (const url of sitemap.locations.slice(0, MAX_SITEMAPS_FETCHED)) {
    if (pages.size >= max) break;
    for (const page of await fetchSitemap(deps, url)) pages.add(page);
  }
  return [...pages].slice(0, max);
}

export interface SitemapPages {
  /** Documents added (queued) now. */
  added: number;
  /** Pages the user had already. */
  present: number;
}

/**
 * Adds the sitemap's pages as the user's URL documents and enqueues their ingestion; `progress`
 * after each (it stops the work when the sitemap's ingestion was cancelled).
 */
export async function addSitemapPages(
  deps: JobDeps,
  sitemap: DocumentRow,
  bytes: Uint8Array,
  progress: (done: number, of: number) => Promise<void>,
): Promise<SitemapPages> {
  const pages = (await pagesOf(deps, bytes, deps.config.sitemapMaxPages)).filter(
    (page) => page !== sitemap.sourceUrl,
  );
  const present = await selectUrlDocumentAddresses(deps.db, sitemap.userId, pages);
  const added = pages.filter((page) => !present.has(page));
  for (const [i, url] of added.entries()) {
    const row = await insertDocument(
      deps.db,
      { userId: sitemap.userId, title: new URL(url).hostname, source: 'url', sourceUrl: url },
      { content: Buffer.alloc(0) },
    );
    await deps.queue.enqueue(ingestJob, { documentId: row.id, fromSitemap: true });
    await progress(i + 1, added.length);
  }
  return { added: added.length, present: pages.length - added.length };
}
