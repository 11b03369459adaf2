-- pgvector must exist before any table uses the vector type (PGlite loads it as an extension).
CREATE EXTENSION IF NOT EXISTS vector;
