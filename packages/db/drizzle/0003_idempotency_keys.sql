CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"caller" text NOT NULL,
	"path" text NOT NULL,
	"input_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
-- Keys are recorded and replayed inside the mutation's own transaction, as the request role (0002);
-- the idempotency middleware compares the caller itself (no row policy: rows are read by key only).
GRANT SELECT, INSERT, UPDATE, DELETE ON "idempotency_keys" TO "gatehouse_app";
