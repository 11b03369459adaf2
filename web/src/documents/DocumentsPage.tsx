import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../api/client';
import { CollectionPicker } from '../collections/CollectionPicker';
import { settingsQuery } from '../settings/queries';
import { usePagedList } from '../ui/pagedList';
import { AddPageForm } from './AddPageForm';
import { AddTextForm } from './AddTextForm';
import { DocumentList } from './DocumentList';
import { DocumentSearch } from './DocumentSearch';
import { documentListQuery, useDocumentAdded } from './queries';
import { UploadZone } from './UploadZone';
import './documents.css';

/** The server's upload limit, to refuse files that are too large before sending them. */
function useUploadLimit() {
  const { data, error } = useQuery(settingsQuery);
  return {
    maxBytes: data?.uploadMaxBytes,
    error: error
      ? new Error(`Cannot read the upload limit (${messageOf(error)}); the server still checks.`)
      : undefined,
  };
}

export function DocumentsPage() {
  const [collectionId, setCollectionId] = useState('');
  const documents = usePagedList(documentListQuery(collectionId || undefined));
  const added = useDocumentAdded();
  const limit = useUploadLimit();
  return (
    <div className="documents-page">
      <h1>Documents</h1>
      <p className="hint">
        Chat answers from these documents and cites them. Each is split into passages once it has
        been read.
      </p>
      <DocumentSearch />
      <div className="add-documents">
        <UploadZone maxBytes={limit.maxBytes} limitError={limit.error} onUploaded={added} />
        <AddPageForm onAdded={added} />
        <AddTextForm onAdded={added} />
      </div>
      <CollectionPicker
        label="Show"
        allLabel="All documents you may read"
        value={collectionId}
        onPick={setCollectionId}
      />
      <DocumentList {...documents} filtered={collectionId !== ''} />
    </div>
  );
}
