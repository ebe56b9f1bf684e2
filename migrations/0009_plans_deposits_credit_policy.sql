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
ALTER TABLE "customers" ADD COLUMN "prepayment_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_policy" text DEFAULT 'warn' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_bp" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_days" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "early_discount_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "discount_taken" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_plan_id" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_rescheduled" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_warnings_customer_idx" ON "credit_warnings" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "payment_plan_invoices_invoice_idx" ON "payment_plan_invoices" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_plans_customer_idx" ON "payment_plans" USING btree ("tenant_id","customer_id");