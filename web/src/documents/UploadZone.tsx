import { useId, useState, type ChangeEvent, type DragEvent } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatBytes } from '../ui/format';
import { UploadList } from './UploadList';
import { useUploads } from './useUploads';

/** A hint for the file picker: the server recognises each file from its bytes. */
const ACCEPT = [
  '.pdf,.txt,.md,.markdown,.html,.htm,.docx,.xlsx,.pptx,.epub,.csv,.tsv',
  'application/pdf,text/plain,text/markdown,text/html,text/csv,application/epub+zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  // Source code, by its usual extensions.
  '.ts,.tsx,.js,.jsx,.mjs,.py,.rb,.go,.rs,.java,.kt,.c,.h,.cpp,.hpp,.cs,.swift,.php,.sh,.sql',
  '.css,.scss,.vue,.svelte,.yaml,.yml,.toml,.json,.lua,.r,.dart,.ex,.hs,.scala',
].join(',');

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Upload by dropping files on the zone or choosing them. The file input stays focusable (it is
 * only visually hidden): its visible label is the "Choose files" button.
 */
export function UploadZone({
  maxBytes,
  limitError,
  onUploaded,
}: {
  /** The server's limit, once known. */
  maxBytes: number | undefined;
  /** Why the limit could not be read, if it could not. */
  limitError: unknown;
  onUploaded: (id: string) => void;
}) {
  const { rows, addFiles, clearFinished } = useUploads(maxBytes, onUploaded);
  const [dragging, setDragging] = useState(false);
  const id = useId();

  function dragOver(event: DragEvent<HTMLDivElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  }
  function dragLeave(event: DragEvent<HTMLDivElement>) {
    // Moving over the zone's own children is not leaving it.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  }
  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    addFiles([...event.dataTransfer.files]);
  }
  function choose(event: ChangeEvent<HTMLInputElement>) {
    addFiles([...(event.currentTarget.files ?? [])]);
    // Choosing the same file again is a new upload.
    event.currentTarget.value = '';
  }

  return (
    <section className="card upload-card">
      <h2>Upload files</h2>
      <div
        className={dragging ? 'drop-zone is-dragging' : 'drop-zone'}
        onDragEnter={dragOver}
        onDragOver={dragOver}
        onDragLeave={dragLeave}
        onDrop={drop}
      >
        <p className="drop-text">{dragging ? 'Drop to upload' : 'Drag and drop files here, or'}</p>
        <input
          id={id}
          className="visually-hidden file-input"
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={`${id}-hint`}
          onChange={choose}
        />
        <label htmlFor={id} className="file-button">
          Choose files
        </label>
        <p className="hint" id={`${id}-hint`}>
          PDF, Word, Excel, CSV, PowerPoint, EPUB, HTML, Markdown, source code or plain text
          {maxBytes !== undefined && `, up to ${formatBytes(maxBytes)} each`}.
        </p>
      </div>
      <ErrorNotice error={limitError} />
      <UploadList rows={rows} onClear={clearFinished} />
    </section>
  );
}
