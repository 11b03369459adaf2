// Sitemaps (sitemaps.org): a `<urlset>` lists pages, a `<sitemapindex>` lists more sitemaps, each
// address in a `<loc>`. Known by the root element of the bytes, whatever the URL or content type
// says. A sitemap fetched as a URL document adds its pages (sitemap-pages.ts); its own text is
// the list of addresses it gives.
import { ElementType } from 'htmlparser2';
import type { Element } from 'domhandler';
import { addSection, type Extracted } from './extracted.js';
import { children, localName, parseXml, textOf } from './xml.js';

export interface Sitemap {
  /** `pages`: a `<urlset>`; `sitemaps`: a `<sitemapindex>`. */
  lists: 'pages' | 'sitemaps';
  /** The http(s) addresses it gives, in order, each once. */
  locations: string[];
}

const ROOTS = { urlset: 'pages', sitemapindex: 'sitemaps' } as const;
/** An XML declaration, comments and whitespace before the root element. */
const PROLOGUE = /^(?:\s+|<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const ROOT_START = /^<(?:[\w-]+:)?(?:urlset|sitemapindex)[\s>]/;

/** Whether the text starts like a sitemap (cheap: the sniffer asks it of every text). */
export const looksLikeSitemap = (text: string) =>
  ROOT_START.test(text.slice(0, 4096).replace(PROLOGUE, ''));

function httpAddress(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The sitemap in these bytes, or undefined when they are not one. */
export function readSitemap(bytes: Uint8Array): Sitemap | undefined {
  const root = parseXml(bytes).children.find(
    (node): node is Element => node.type === ElementType.Tag,
  );
  const lists = root ? ROOTS[localName(root) as keyof typeof ROOTS] : undefined;
  if (!root || !lists) return undefined;
  const entry = lists === 'pages' ? 'url' : 'sitemap';
  const locations = new Set<string>();
  for (const element of children(root, entry))
    for (const loc of children(element, 'loc')) {
      const address = httpAddress(textOf(loc));
      if (address) locations.add(address);
    }
  return { lists, locations: [...locations] };
}

/** A sitemap's text: the addresses it gives, one a line. */
export function extractSitemap(bytes: Uint8Array): Extracted {
  const sitemap = readSitemap(bytes);
  const sections: Extracted['sections'] = [];
  if (sitemap)
    addSection(sections, {
      heading: sitemap.lists === 'pages' ? 'Pages' : 'Sitemaps',
      text: sitemap.locations.join('\n'),
    });
  return { sections };
}
