-- Why Stripe's last attempt to collect a provider's invoice failed (the card's decline message), for platform
-- admins' list of failed invoices; cleared with payment_failed_at when the invoice is paid or voided.
ALTER TABLE "provider_invoices" ADD COLUMN "payment_failure_reason" TEXT;
