ALTER TABLE "intake_settings" ADD COLUMN "telegram_bot_id" text;--> statement-breakpoint
ALTER TABLE "intake_settings" ADD COLUMN "telegram_update_offset" bigint DEFAULT 0 NOT NULL;