CREATE TABLE "chat_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mcp_servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_servers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
DROP INDEX "messages_user_created_idx";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "current_message_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "chat_requests" ADD CONSTRAINT "chat_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_requests_user_created_idx" ON "chat_requests" USING btree ("user_id","created_at");--> statement-breakpoint
-- Existing conversations are one branch: each message follows the one before it, and the
-- conversation shows its last message. Answers written before models were recorded keep none.
UPDATE "messages" AS m SET "parent_id" = p."previous"
FROM (SELECT "id", lag("id") OVER (PARTITION BY "conversation_id" ORDER BY "created_at", "id") AS "previous" FROM "messages") AS p
WHERE m."id" = p."id";--> statement-breakpoint
UPDATE "conversations" AS c SET "current_message_id" = (
  SELECT m."id" FROM "messages" AS m WHERE m."conversation_id" = c."id" ORDER BY m."created_at" DESC, m."id" DESC LIMIT 1
);
