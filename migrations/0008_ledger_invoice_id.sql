ALTER TABLE "ledger_entries" ADD COLUMN "invoice_id" text;--> statement-breakpoint
CREATE INDEX "ledger_invoice_idx" ON "ledger_entries" USING btree ("tenant_id","invoice_id");