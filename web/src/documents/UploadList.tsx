import { ErrorNotice } from '../ui/ErrorNotice';
import { formatBytes } from '../ui/format';
import { isUnderway, uploadSummary, type UploadRow } from './useUploads';

function progressText(row: UploadRow): string {
  if (row.state === 'waiting') return 'Waiting';
  if (row.state === 'done') return 'Uploaded';
  return `${Math.round(row.sent * 100)}%`;
}

/**
 * One file's upload. A row, not a list item: a document's title is often its file name, and the
 * page's list items should be the documents alone.
 */
function UploadLine({ row }: { row: UploadRow }) {
  const { name, size } = row.file;
  const failed = row.state === 'failed';
  return (
    <div className={`upload upload-${row.state}`}>
      <div className="upload-head">
        <span className="upload-name">{name}</span>
        <span className="hint">{formatBytes(size)}</span>
        {!failed && <span className="upload-state">{progressText(row)}</span>}
      </div>
      {!failed && <progress aria-label={`Uploading ${name}`} max={1} value={row.sent} />}
      <ErrorNotice error={row.error} />
    </div>
  );
}

/** The files chosen so far, each with its progress and outcome. */
export function UploadList({ rows, onClear }: { rows: UploadRow[]; onClear: () => void }) {
  if (rows.length === 0) return null;
  return (
    <div className="uploads">
      <p role="status" className="upload-summary">
        {uploadSummary(rows)}
      </p>
      <div className="upload-list">
        {rows.map((row) => (
          <UploadLine key={row.key} row={row} />
        ))}
      </div>
      {!rows.every(isUnderway) && (
        <button type="button" className="button-quiet" onClick={onClear}>
          Clear finished
        </button>
      )}
    </div>
  );
}
