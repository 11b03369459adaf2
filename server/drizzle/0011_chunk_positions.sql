CREATE TABLE "document_text_parts" (
	"document_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "document_text_parts_document_id_part_pk" PRIMARY KEY("document_id","part")
);
--> statement-breakpoint
ALTER TABLE "document_chunks" ADD COLUMN "char_start" integer;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD COLUMN "char_end" integer;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD COLUMN "anchor" text;--> statement-breakpoint
ALTER TABLE "document_text_parts" ADD CONSTRAINT "document_text_parts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;