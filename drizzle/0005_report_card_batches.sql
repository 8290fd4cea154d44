CREATE TABLE "report_card_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"term_id" uuid NOT NULL,
	"class_id" uuid,
	"class_level_id" uuid,
	"label" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"size_bytes" integer,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "report_card_batches_scope_check" CHECK (("report_card_batches"."class_id" is null) <> ("report_card_batches"."class_level_id" is null)),
	CONSTRAINT "report_card_batches_status_check" CHECK ("report_card_batches"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "report_card_batches_progress_check" CHECK ("report_card_batches"."done" between 0 and "report_card_batches"."total")
);
--> statement-breakpoint
ALTER TABLE "report_card_settings" ADD COLUMN "logo_key" text;--> statement-breakpoint
ALTER TABLE "report_card_settings" ADD COLUMN "logo_mime_type" text;--> statement-breakpoint
ALTER TABLE "report_card_batches" ADD CONSTRAINT "report_card_batches_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_card_batches" ADD CONSTRAINT "report_card_batches_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_card_batches" ADD CONSTRAINT "report_card_batches_class_level_id_class_levels_id_fk" FOREIGN KEY ("class_level_id") REFERENCES "public"."class_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_card_batches" ADD CONSTRAINT "report_card_batches_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_card_batches_created_idx" ON "report_card_batches" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "report_card_settings" ADD CONSTRAINT "report_card_settings_logo_check" CHECK (("report_card_settings"."logo_key" is null) = ("report_card_settings"."logo_mime_type" is null) and ("report_card_settings"."logo_mime_type" is null or "report_card_settings"."logo_mime_type" in ('image/png', 'image/jpeg')));