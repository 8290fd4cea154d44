CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"idempotency_key" text NOT NULL,
	"file_name" text,
	"header" jsonb NOT NULL,
	"columns" jsonb NOT NULL,
	"rows" jsonb,
	"total" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"result" jsonb NOT NULL,
	"error" text,
	"created_by" uuid,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_runs_kind_check" CHECK ("import_runs"."kind" in ('students', 'educators')),
	CONSTRAINT "import_runs_mode_check" CHECK ("import_runs"."mode" in ('all_or_nothing', 'valid_rows_only')),
	CONSTRAINT "import_runs_status_check" CHECK ("import_runs"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "import_runs_progress_check" CHECK ("import_runs"."processed" between 0 and "import_runs"."total"),
	CONSTRAINT "import_runs_rows_check" CHECK ("import_runs"."rows" is not null or "import_runs"."status" in ('done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_runs_idempotency_key" ON "import_runs" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "import_runs_created_idx" ON "import_runs" USING btree ("created_at");