-- Integrity rules Drizzle's schema language cannot express.

-- Academic years never overlap (inclusive date ranges).
ALTER TABLE "academic_years"
  ADD CONSTRAINT "academic_years_no_overlap"
  EXCLUDE USING gist (daterange("starts_on", "ends_on", '[]') WITH &&);
--> statement-breakpoint

-- The audit log is append-only: rows can't be deleted, and only the actor link may change
-- (set to null if an account is ever removed).
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.action, NEW.entity_type, NEW.entity_id, NEW.before, NEW.after, NEW.reason, NEW.request_id, NEW.occurred_at)
     IS DISTINCT FROM
     (OLD.action, OLD.entity_type, OLD.entity_id, OLD.before, OLD.after, OLD.reason, OLD.request_id, OLD.occurred_at) THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
