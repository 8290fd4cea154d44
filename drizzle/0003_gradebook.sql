CREATE TABLE "score_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offering_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	"requested" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	CONSTRAINT "score_change_requests_status_check" CHECK ("score_change_requests"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "score_change_requests_reason_check" CHECK (length("score_change_requests"."reason") between 5 and 500)
);
--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "assessment_scheme_id" uuid;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "scores_status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "submitted_by" uuid;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "grade_scales" ADD COLUMN "rounding_mode" text DEFAULT 'half_up' NOT NULL;--> statement-breakpoint
ALTER TABLE "grade_scales" ADD COLUMN "rounding_places" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "grade_scales" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "score_change_requests" ADD CONSTRAINT "score_change_requests_offering_id_subject_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."subject_offerings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_change_requests" ADD CONSTRAINT "score_change_requests_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_change_requests" ADD CONSTRAINT "score_change_requests_component_id_assessment_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."assessment_components"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_change_requests" ADD CONSTRAINT "score_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_change_requests" ADD CONSTRAINT "score_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "score_change_requests_one_pending" ON "score_change_requests" USING btree ("offering_id","student_id","component_id") WHERE "score_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "score_change_requests_status_idx" ON "score_change_requests" USING btree ("status","requested_at");--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD CONSTRAINT "subject_offerings_assessment_scheme_id_assessment_schemes_id_fk" FOREIGN KEY ("assessment_scheme_id") REFERENCES "public"."assessment_schemes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD CONSTRAINT "subject_offerings_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD CONSTRAINT "subject_offerings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_offerings" ADD CONSTRAINT "subject_offerings_scores_status_check" CHECK ("subject_offerings"."scores_status" in ('open', 'submitted', 'returned', 'approved'));--> statement-breakpoint
ALTER TABLE "grade_scales" ADD CONSTRAINT "grade_scales_rounding_mode_check" CHECK ("grade_scales"."rounding_mode" in ('half_up', 'half_even', 'down'));--> statement-breakpoint
ALTER TABLE "grade_scales" ADD CONSTRAINT "grade_scales_rounding_places_check" CHECK ("grade_scales"."rounding_places" between 0 and 2);--> statement-breakpoint
-- Offerings that already hold scores keep the scheme those scores were entered against.
UPDATE "subject_offerings" so SET "assessment_scheme_id" = (
  SELECT c."scheme_id" FROM "scores" s JOIN "assessment_components" c ON c."id" = s."component_id" WHERE s."offering_id" = so."id" LIMIT 1
) WHERE EXISTS (SELECT 1 FROM "scores" s WHERE s."offering_id" = so."id");
