CREATE TABLE "diagnostic_jobs" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "diagnostic_jobs" ADD CONSTRAINT "diagnostic_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostic_jobs_one_unfinished_idx" ON "diagnostic_jobs" USING btree ("user_id") WHERE "diagnostic_jobs"."finished_at" is null;