// An answer's Markdown as React elements, through react-markdown and remark-gfm (CommonMark
// and GitHub's tables, task lists, strikethrough and bare links), parsers that are well kept
// and linear on hostile input. HTML in an answer stays text (react-markdown turns it into text
// nodes unless rehype-raw is added, which it is not), links go only to http, https and mailto,
// images show as links (an answer must not make the browser fetch an address it was told to),
// and [n] citation markers become buttons when the answer cites a passage n.
import { createContext, use, useDeferredValue, useMemo, type ReactNode } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Citation } from '../api/types';
import { remarkCitations } from './remarkCitations';

export type OnCite = (citation: Citation, opener: HTMLButtonElement) => void;

/** The href a link may have: http, https or mailto only, as the browser would parse it. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The answer's citations and what a click on one does; read by each marker as it renders. */
const CitationsContext = createContext<{
  byIndex: ReadonlyMap<number, Citation>;
  onCite?: OnCite;
}>({ byIndex: new Map() });

function CitationMarker({ node, children }: ExtraProps & { children?: ReactNode }) {
  const { byIndex, onCite } = use(CitationsContext);
  const citation = byIndex.get(Number(node?.properties.dataCitation));
  // Not (yet) a citation of this answer: "[3]" stays as written.
  if (!citation) return children;
  const where = citation.page === undefined ? '' : `, page ${citation.page}`;
  return (
    <button
      type="button"
      className="citation"
      aria-label={`Citation ${citation.index}: ${citation.title}${where}`}
      onClick={(event) => onCite?.(citation, event.currentTarget)}
    >
      [{citation.index}]
    </button>
  );
}

function ExternalLink({ href, children }: { href?: string; children?: ReactNode }) {
  // Without an href the address was not http(s) or mailto: only the link's text is kept.
  if (!href) return children;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

type CellProps = ExtraProps & { children?: ReactNode; style?: { textAlign?: string } };

/** A table cell aligned by class, as the style sheet says: no inline style. */
const cell = (Tag: 'th' | 'td') =>
  function Cell({ style, children }: CellProps) {
    const align = style?.textAlign;
    return <Tag className={align ? `align-${align}` : undefined}>{children}</Tag>;
  };

/** The elements an answer may contain, with its headings below those of the page around it. */
function componentsBelow(headingOffset: number): Components {
  const heading = (level: number) => {
    const Tag = `h${Math.min(6, level + headingOffset)}` as 'h6';
    return function Heading({ children }: { children?: ReactNode }) {
      return <Tag>{children}</Tag>;
    };
  };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
    img: ({ src, alt }) => (
      <ExternalLink href={typeof src === 'string' ? src : undefined}>{alt || src}</ExternalLink>
    ),
    table: ({ children }) => (
      <div className="table-scroll">
        <table>{children}</table>
      </div>
    ),
    th: cell('th'),
    td: cell('td'),
    cite: CitationMarker,
  };
}

const REMARK_PLUGINS = [remarkGfm, remarkCitations];
const urlTransform = (url: string) => safeHref(url);

/**
 * An answer's Markdown as elements. Headings start at level 1 + `headingOffset`, below the
 * headings of the page around them.
 *
 * While an answer streams, its text changes with every delta and each change would parse it
 * all again. Two things keep that cheap: the parse is memoised on the text alone (citations
 * and the click handler reach the markers through context), so saved answers above are not
 * parsed again when the streaming one changes; and the text is read through useDeferredValue,
 * so React parses the newest text at low priority and skips the versions a burst of deltas
 * made stale, instead of parsing each one before the page may answer the reader. Parsing only
 * the unfinished last block would need our own block splitting (fences, loose lists,
 * definitions), the kind of hand-written Markdown this renderer replaced. The cost of one
 * parse grows faster than the answer (npm run bench:markdown prints it for a 4 KB answer).
 */
export function Markdown({
  text,
  citations = [],
  onCite,
  headingOffset = 2,
}: {
  text: string;
  citations?: readonly Citation[];
  onCite?: OnCite;
  headingOffset?: number;
}) {
  const shownText = useDeferredValue(text);
  const cited = useMemo(
    () => ({ byIndex: new Map(citations.map((c) => [c.index, c])), onCite }),
    [citations, onCite],
  );
  const components = useMemo(() => componentsBelow(headingOffset), [headingOffset]);
  const elements = useMemo(
    () => (
      <ReactMarkdown
        remarkPlugins={REMARK_PLUGINS}
        components={components}
        urlTransform={urlTransform}
      >
        {shownText}
      </ReactMarkdown>
    ),
    [shownText, components],
  );
  return <CitationsContext value={cited}>{elements}</CitationsContext>;
}
