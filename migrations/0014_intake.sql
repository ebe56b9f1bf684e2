CREATE TABLE "captcha_solutions" (
	"signature_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "form_submissions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"form" text NOT NULL,
	"ip" text NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "form_submissions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "intake_attachments" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"message_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_attachments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "intake_blocked_senders" (
	"tenant_id" text NOT NULL,
	"address" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_blocked_senders_tenant_id_address_pk" PRIMARY KEY("tenant_id","address")
);
--> statement-breakpoint
CREATE TABLE "intake_mailboxes" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"secure" boolean DEFAULT true NOT NULL,
	"username" text NOT NULL,
	"password" text NOT NULL,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_mailboxes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "intake_messages" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"request_id" text NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"thread_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"from_address" text,
	"subject" text,
	"body_text" text NOT NULL,
	"author_user_id" text,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "intake_requests" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"subject" text,
	"assignee_user_id" text,
	"routing_reason" text,
	"sender" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"unverified_match" boolean DEFAULT false NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"possible_duplicates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"assigned_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "intake_requests_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "intake_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"routing_strategy" text DEFAULT 'least_busy' NOT NULL,
	"main_employee_user_id" text,
	"last_round_robin_user_id" text,
	"inactive_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"form_slug" text,
	"forms_enabled" jsonb DEFAULT '["signup","order","appointment"]'::jsonb NOT NULL,
	"form_limit_per_ip" integer DEFAULT 5 NOT NULL,
	"form_limit_per_business" integer DEFAULT 200 NOT NULL,
	"telegram_mode" text DEFAULT 'polling' NOT NULL,
	"telegram_webhook_secret" text,
	"digest_enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"request_id" text,
	"title" text NOT NULL,
	"read_at" timestamp with time zone,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "telegram_links" (
	"tenant_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"telegram_user_id" text NOT NULL,
	"customer_id" text,
	"phone" text,
	"locale" text,
	"linked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "telegram_links_tenant_id_chat_id_pk" PRIMARY KEY("tenant_id","chat_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_verified" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone_verified" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" text;--> statement-breakpoint
CREATE INDEX "captcha_solutions_expires_idx" ON "captcha_solutions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "form_submissions_ip_idx" ON "form_submissions" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "form_submissions_tenant_idx" ON "form_submissions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "intake_attachments_message_idx" ON "intake_attachments" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_messages_external_uq" ON "intake_messages" USING btree ("tenant_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "intake_messages_request_idx" ON "intake_messages" USING btree ("tenant_id","request_id","received_at");--> statement-breakpoint
CREATE INDEX "intake_requests_state_idx" ON "intake_requests" USING btree ("tenant_id","state","last_message_at");--> statement-breakpoint
CREATE INDEX "intake_requests_assignee_idx" ON "intake_requests" USING btree ("tenant_id","assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "intake_requests_customer_idx" ON "intake_requests" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_settings_form_slug_uq" ON "intake_settings" USING btree ("form_slug") WHERE "intake_settings"."form_slug" is not null;--> statement-breakpoint
CREATE INDEX "staff_notifications_user_idx" ON "staff_notifications" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "telegram_links_customer_idx" ON "telegram_links" USING btree ("tenant_id","customer_id");