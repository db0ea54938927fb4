CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"caller" text NOT NULL,
	"path" text NOT NULL,
	"input_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at" ON "idempotency_keys" USING btree ("created_at");