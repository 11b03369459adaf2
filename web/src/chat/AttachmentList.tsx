import { messageOf } from '../api/client';
import { statusText } from '../documents/status';
import type { Attached } from './useAttachments';

function stateOf(file: Attached): string {
  if (file.error !== undefined) return `Upload failed: ${messageOf(file.error)}`;
  if (!file.documentId) return `Uploading ${Math.round(file.sent * 100)}%`;
  return file.document ? statusText(file.document) : 'Uploaded';
}

/** The files attached to the next question, with how far each has been read. */
export function AttachmentList({
  files,
  onRemove,
}: {
  files: readonly Attached[];
  onRemove: (name: string) => void;
}) {
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Files attached to the next question">
      {files.map((file) => (
        <li key={file.name}>
          <span>{file.name}</span> <span className="hint">{stateOf(file)}</span>{' '}
          <button
            type="button"
            className="button-quiet"
            aria-label={`Remove ${file.name}`}
            onClick={() => onRemove(file.name)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
