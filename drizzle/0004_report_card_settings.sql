CREATE TABLE "report_card_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"show_components" boolean DEFAULT true NOT NULL,
	"show_positions" boolean DEFAULT true NOT NULL,
	"show_class_statistics" boolean DEFAULT true NOT NULL,
	"accent_colour" text DEFAULT '#1e3a8a' NOT NULL,
	"signatures" jsonb DEFAULT '[{"label":"Class teacher"},{"label":"Principal"}]'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_card_settings_singleton" CHECK ("report_card_settings"."id" = 1),
	CONSTRAINT "report_card_settings_colour_check" CHECK ("report_card_settings"."accent_colour" ~ '^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$')
);
--> statement-breakpoint
ALTER TABLE "report_card_settings" ADD CONSTRAINT "report_card_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;