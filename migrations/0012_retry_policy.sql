CREATE TABLE "collection_cases" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"state" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"handed_off_at" timestamp with time zone,
	"written_off" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "collection_cases_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "collection_tasks" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"case_id" text,
	"invoice_id" text NOT NULL,
	"step_key" text NOT NULL,
	"assignee_email" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "collection_tasks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "dunning_steps" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"case_id" text,
	"step_key" text NOT NULL,
	"offset_days" integer NOT NULL,
	"template" text,
	"status" text NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dunning_steps_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoice_dunning" (
	"tenant_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"local_due_date" text NOT NULL,
	"time_zone" text NOT NULL,
	"state" text NOT NULL,
	"last_offset" integer,
	"last_step_key" text,
	"next_step_at" timestamp with time zone,
	"case_id" text,
	"pending_actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions_due_at" timestamp with time zone,
	"closed_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoice_dunning_tenant_id_invoice_id_pk" PRIMARY KEY("tenant_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "reminder_ladders" (
	"tenant_id" text NOT NULL,
	"steps" jsonb NOT NULL,
	"write_off_on_hand_off" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_ladders_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "collection_cases_open_uq" ON "collection_cases" USING btree ("tenant_id","customer_id","currency") WHERE state <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "collection_tasks_step_uq" ON "collection_tasks" USING btree ("tenant_id","invoice_id","step_key");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_steps_invoice_step_uq" ON "dunning_steps" USING btree ("tenant_id","invoice_id","step_key");--> statement-breakpoint
CREATE INDEX "invoice_dunning_due_idx" ON "invoice_dunning" USING btree ("tenant_id","next_step_at") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "invoice_dunning_actions_due_idx" ON "invoice_dunning" USING btree ("tenant_id","actions_due_at") WHERE actions_due_at is not null;--> statement-breakpoint
CREATE INDEX "invoice_dunning_case_idx" ON "invoice_dunning" USING btree ("tenant_id","case_id");