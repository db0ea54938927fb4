-- Row-level security (src/row-security.ts, docs/security.md). The role is cluster-wide and may exist
-- already (another database of the same server, or a replica migrating at the same moment).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatehouse_app') THEN
    CREATE ROLE "gatehouse_app" NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;--> statement-breakpoint
-- The role the app connects as switches to it per transaction (set_config('role', …, true)).
GRANT "gatehouse_app" TO current_user;--> statement-breakpoint
-- Is `member_id` a current member of the caller's active organization? Runs as the owner (no nested
-- memberships policy to plan on every read of users); fixed lookup, schema-qualified names.
CREATE FUNCTION public.gatehouse_in_caller_org(member_id text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM public.memberships m
      WHERE m.user_id = member_id
        AND m.org_id = NULLIF(pg_catalog.current_setting('gatehouse.org_id', true), '')
        AND m.deleted_at IS NULL
    )
  $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION public.gatehouse_in_caller_org(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.gatehouse_in_caller_org(text) TO "gatehouse_app";--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_event_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tasks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "memberships_privileged" ON "memberships" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "memberships_caller_reads" ON "memberships" AS PERMISSIVE FOR SELECT TO "gatehouse_app" USING (user_id = nullif(current_setting('gatehouse.user_id', true), '') or org_id = nullif(current_setting('gatehouse.org_id', true), ''));--> statement-breakpoint
CREATE POLICY "notes_caller" ON "notes" AS PERMISSIVE FOR ALL TO "gatehouse_app" USING (owner_id = nullif(current_setting('gatehouse.user_id', true), '')) WITH CHECK (owner_id = nullif(current_setting('gatehouse.user_id', true), ''));--> statement-breakpoint
CREATE POLICY "notes_privileged" ON "notes" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "organizations_privileged" ON "organizations" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "organizations_caller_reads" ON "organizations" AS PERMISSIVE FOR SELECT TO "gatehouse_app" USING (id = nullif(current_setting('gatehouse.org_id', true), '') or exists (select 1 from memberships m where m.org_id = organizations.id and m.user_id = nullif(current_setting('gatehouse.user_id', true), '')));--> statement-breakpoint
CREATE POLICY "task_event_counters_caller" ON "task_event_counters" AS PERMISSIVE FOR ALL TO "gatehouse_app" USING (org_id = nullif(current_setting('gatehouse.org_id', true), '')) WITH CHECK (org_id = nullif(current_setting('gatehouse.org_id', true), ''));--> statement-breakpoint
CREATE POLICY "task_event_counters_privileged" ON "task_event_counters" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "task_events_caller" ON "task_events" AS PERMISSIVE FOR ALL TO "gatehouse_app" USING (org_id = nullif(current_setting('gatehouse.org_id', true), '')) WITH CHECK (org_id = nullif(current_setting('gatehouse.org_id', true), ''));--> statement-breakpoint
CREATE POLICY "task_events_privileged" ON "task_events" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tasks_caller" ON "tasks" AS PERMISSIVE FOR ALL TO "gatehouse_app" USING (org_id = nullif(current_setting('gatehouse.org_id', true), '')) WITH CHECK (org_id = nullif(current_setting('gatehouse.org_id', true), ''));--> statement-breakpoint
CREATE POLICY "tasks_privileged" ON "tasks" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "users_privileged" ON "users" AS PERMISSIVE FOR ALL TO current_user USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "users_caller_reads" ON "users" AS PERMISSIVE FOR SELECT TO "gatehouse_app" USING (id = nullif(current_setting('gatehouse.user_id', true), '') or gatehouse_in_caller_org(id));--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_event_counters" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "task_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tasks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO "gatehouse_app";--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "notes", "tasks" TO "gatehouse_app";--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "task_events" TO "gatehouse_app";--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "task_event_counters" TO "gatehouse_app";--> statement-breakpoint
GRANT SELECT ON "users", "memberships", "organizations" TO "gatehouse_app";
