DROP INDEX "subscriptions_due_idx";--> statement-breakpoint
DROP INDEX "payment_attempts_due_idx";--> statement-breakpoint
DROP INDEX "outbox_due_idx";--> statement-breakpoint
CREATE INDEX "refunds_due_idx" ON "refunds" USING btree ("tenant_id","next_check_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "subscriptions_due_idx" ON "subscriptions" USING btree ("tenant_id","next_billing_at") WHERE next_billing_at is not null;--> statement-breakpoint
CREATE INDEX "payment_attempts_due_idx" ON "payment_attempts" USING btree ("tenant_id","next_check_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("tenant_id","next_attempt_at") WHERE status = 'pending';