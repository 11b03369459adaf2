-- The vector indexes (one per embedding size, built by ensureVectorIndex after the migrations)
-- were built with pgvector's default ef_construction, 64. They are dropped here so that the
-- roles that migrate build them again with VECTOR_INDEX_PARAMETERS (documents/embedding-settings.ts).
DO $$
DECLARE
  index_name text;
BEGIN
  FOR index_name IN
    SELECT c.relname
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'document_chunks'::regclass
       AND c.relname ~ '^document_chunks_embedding_[0-9]+_idx$'
  LOOP
    EXECUTE format('DROP INDEX %I', index_name);
  END LOOP;
END $$;
