CREATE TABLE "document_source_parts" (
	"document_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "document_source_parts_document_id_part_pk" PRIMARY KEY("document_id","part")
);
--> statement-breakpoint
ALTER TABLE "document_source_parts" ADD CONSTRAINT "document_source_parts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Sources saved before parts existed, cut into parts of 262144 bytes (SOURCE_PART_BYTES).
INSERT INTO "document_source_parts" ("document_id", "part", "content")
SELECT "document_id", "n", substring("content" FROM "n" * 262144 + 1 FOR 262144)
FROM "document_sources", generate_series(0, (octet_length("content") - 1) / 262144) AS "n";--> statement-breakpoint
ALTER TABLE "document_sources" DROP COLUMN "content";