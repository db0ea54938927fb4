CREATE TABLE "task_event_counters" (
	"org_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_events" (
	"org_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"task_id" uuid NOT NULL,
	"actor_id" text NOT NULL,
	"task" jsonb,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_events_org_id_seq_pk" PRIMARY KEY("org_id","seq"),
	CONSTRAINT "task_events_type" CHECK ("task_events"."type" in ('created', 'updated', 'deleted'))
);
