ALTER TABLE "customers" ADD COLUMN "marketing_opt_out" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_id_idx" ON "messages" USING btree ("id");