import { useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import { getSettings } from '../settings/api';
import { AddPageForm } from './AddPageForm';
import { AddTextForm } from './AddTextForm';
import { DocumentList } from './DocumentList';
import { UploadZone } from './UploadZone';
import { useDocuments } from './useDocuments';
import './documents.css';

/** The server's upload limit, to refuse files that are too large before sending them. */
function useUploadLimit() {
  const [maxBytes, setMaxBytes] = useState<number>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    getSettings().then(
      (settings) => setMaxBytes(settings.uploadMaxBytes),
      (e: unknown) =>
        setError(
          new Error(`Cannot read the upload limit (${messageOf(e)}); the server still checks.`),
        ),
    );
  }, []);
  return { maxBytes, error };
}

export function DocumentsPage() {
  const documents = useDocuments();
  const limit = useUploadLimit();
  return (
    <div className="documents-page">
      <h1>Documents</h1>
      <p className="hint">
        Chat answers from these documents and cites them. Each is split into passages once it has
        been read.
      </p>
      <div className="add-documents">
        <UploadZone maxBytes={limit.maxBytes} limitError={limit.error} onUploaded={documents.add} />
        <AddPageForm onAdded={documents.add} />
        <AddTextForm onAdded={documents.add} />
      </div>
      <DocumentList {...documents} />
    </div>
  );
}
