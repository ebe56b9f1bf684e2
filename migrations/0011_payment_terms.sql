CREATE TABLE "retry_policy_settings" (
	"tenant_id" text NOT NULL,
	"strategy" text NOT NULL,
	"max_retries" integer NOT NULL,
	"window_days" integer NOT NULL,
	"interval_days" integer NOT NULL,
	"retry_hard_declines" boolean DEFAULT false NOT NULL,
	"on_exhausted" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "retry_policy_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
