ALTER TABLE "documents" ADD COLUMN "fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "etag" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "last_modified" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "refresh_claimed_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: URL documents ingested before this migration were fetched when they became ready.
UPDATE "documents" SET "fetched_at" = "updated_at" WHERE "source" = 'url' AND "status" = 'ready';
