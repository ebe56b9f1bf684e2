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
CREATE TABLE "credit_warnings" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"invoice_id" text,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_warnings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"payment_id" text NOT NULL,
	"invoice_id" text,
	"customer_id" text NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"fee" bigint DEFAULT 0 NOT NULL,
	"fee_returned" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"gateway_dispute_id" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence_due_by" timestamp with time zone NOT NULL,
	"evidence_submitted_at" timestamp with time zone,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "disputes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "payment_terms_settings" (
	"tenant_id" text NOT NULL,
	"early_discount_bp" integer,
	"early_discount_days" integer,
	"late_fee_type" text,
	"late_fee_amount" bigint,
	"late_fee_currency" text,
	"late_fee_bp" integer,
	"late_fee_grace_days" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_terms_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "card_update_links" (
	"tenant_id" text NOT NULL,
	"nonce" text NOT NULL,
	"customer_id" text NOT NULL,
	"setup_intent_id" text,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "card_update_links_tenant_id_nonce_pk" PRIMARY KEY("tenant_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "instance_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE "payment_plan_invoices" (
	"tenant_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"role" text NOT NULL,
	"position" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_plan_invoices_tenant_id_plan_id_invoice_id_pk" PRIMARY KEY("tenant_id","plan_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "payment_plans" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"collection_method" text NOT NULL,
	"canceled_at" timestamp with time zone,
	"remainder_invoice_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "stripe_customers" (
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stripe_customers_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stripe_events_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"secret_key" text NOT NULL,
	"webhook_secret" text NOT NULL,
	"publishable_key" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "prepayment_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_policy" text DEFAULT 'warn' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_bp" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_days" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "discount_taken" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_plan_id" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_rescheduled" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "collection_cases_open_uq" ON "collection_cases" USING btree ("tenant_id","customer_id","currency") WHERE state <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "collection_tasks_step_uq" ON "collection_tasks" USING btree ("tenant_id","invoice_id","step_key");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_steps_invoice_step_uq" ON "dunning_steps" USING btree ("tenant_id","invoice_id","step_key");--> statement-breakpoint
CREATE INDEX "invoice_dunning_due_idx" ON "invoice_dunning" USING btree ("tenant_id","next_step_at") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "invoice_dunning_actions_due_idx" ON "invoice_dunning" USING btree ("tenant_id","actions_due_at") WHERE actions_due_at is not null;--> statement-breakpoint
CREATE INDEX "invoice_dunning_case_idx" ON "invoice_dunning" USING btree ("tenant_id","case_id");--> statement-breakpoint
CREATE INDEX "credit_warnings_customer_idx" ON "credit_warnings" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_gateway_uq" ON "disputes" USING btree ("tenant_id","gateway_dispute_id");--> statement-breakpoint
CREATE INDEX "disputes_payment_idx" ON "disputes" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "disputes_open_invoice_idx" ON "disputes" USING btree ("tenant_id","invoice_id") WHERE status in ('needs_response', 'under_review');--> statement-breakpoint
CREATE INDEX "disputes_customer_idx" ON "disputes" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "payment_plan_invoices_invoice_idx" ON "payment_plan_invoices" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_plans_customer_idx" ON "payment_plans" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "ledger_account_time_idx" ON "ledger_entries" USING btree ("tenant_id","account","created_at");