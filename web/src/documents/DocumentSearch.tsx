import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useFocusTarget } from '../app/focusRequests';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Link } from '../app/Link';
import { OcrBadge } from '../ui/OcrBadge';
import { placeHref } from '../viewer/place';
import { searchQuery } from './queries';

const passagesFound = (n: number) =>
  n === 0 ? 'No passages match.' : `${n} ${n === 1 ? 'passage' : 'passages'} found`;

/** Search the documents' passages, as chat does before it answers (Ctrl+K or ⌘K from anywhere). */
export function DocumentSearch() {
  const [q, setQ] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useFocusTarget('document-search', field);
  const { data: results, error, isFetching } = useQuery(searchQuery(q));

  return (
    <section className="card document-search" aria-labelledby="document-search-heading">
      <h2 id="document-search-heading">Search documents</h2>
      <form
        role="search"
        className="document-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('q');
          setQ(typeof value === 'string' ? value.trim() : '');
        }}
        aria-busy={isFetching}
      >
        <Field
          ref={field}
          label="Words or a question"
          name="q"
          type="search"
          autoComplete="off"
          maxLength={500}
          hint={'"exact phrase", or, -word'}
        />
        <button type="submit" className="button-primary">
          Search
        </button>
      </form>
      <ErrorNotice error={error} />
      <p className="visually-hidden" aria-live="polite">
        {results && passagesFound(results.length)}
      </p>
      {results?.length === 0 && <p className="empty">No passages match “{q}”.</p>}
      {results && results.length > 0 && (
        <ol className="search-results">
          {results.map((result) => (
            <li key={result.chunkId}>
              <h3 className="search-result-title">{result.title}</h3>
              {(result.page !== undefined || result.heading || result.ocr) && (
                <p className="hint">
                  {[result.page !== undefined && `Page ${result.page}`, result.heading]
                    .filter(Boolean)
                    .join(' · ')}
                  {result.ocr && <OcrBadge />}
                </p>
              )}
              <p className="search-result-text">{result.text}</p>
              <p>
                <Link href={placeHref(result)} aria-label={`Open ${result.title} at this passage`}>
                  Open at this passage
                </Link>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
