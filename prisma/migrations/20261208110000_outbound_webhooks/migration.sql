-- Outbound webhooks: a program's endpoints, the outbox of messages to them (one per event and endpoint; its id is
-- the `webhook-id` of every attempt) and the log of attempts. See docs/integrations/outbound-webhooks.md.

-- CreateEnum
CREATE TYPE "OutboundMessageStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "outbound_webhook_endpoints" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "secret_enc" TEXT NOT NULL,
    "previous_secret_enc" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbound_webhook_endpoints_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "outbound_webhook_endpoints_events_check" CHECK (cardinality("events") > 0)
);

-- CreateTable
CREATE TABLE "outbound_webhook_messages" (
    "id" TEXT NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "OutboundMessageStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbound_webhook_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "http_status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "response_body" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbound_webhook_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbound_webhook_endpoints_program_id_idx" ON "outbound_webhook_endpoints"("program_id");

-- CreateIndex
CREATE INDEX "outbound_webhook_messages_status_next_attempt_at_idx" ON "outbound_webhook_messages"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbound_webhook_messages_endpoint_id_created_at_idx" ON "outbound_webhook_messages"("endpoint_id", "created_at");

-- CreateIndex
CREATE INDEX "outbound_webhook_messages_program_id_created_at_idx" ON "outbound_webhook_messages"("program_id", "created_at");

-- CreateIndex
CREATE INDEX "outbound_webhook_attempts_message_id_id_idx" ON "outbound_webhook_attempts"("message_id", "id");

-- CreateIndex
CREATE INDEX "outbound_webhook_attempts_created_at_idx" ON "outbound_webhook_attempts"("created_at");

-- AddForeignKey
ALTER TABLE "outbound_webhook_endpoints" ADD CONSTRAINT "outbound_webhook_endpoints_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbound_webhook_messages" ADD CONSTRAINT "outbound_webhook_messages_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "outbound_webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbound_webhook_attempts" ADD CONSTRAINT "outbound_webhook_attempts_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "outbound_webhook_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The outbox is written here, by triggers, in the same transaction (and the same statement) as the change that
-- causes the event: a rolled-back change sends nothing, and no code path can forget one. A program without an
-- enabled endpoint subscribed to the type pays one index probe and writes nothing. Payloads are described by
-- the zod schemas in lib/webhooks-out/events.ts (published as OpenAPI `webhooks`); keep both in step.
CREATE FUNCTION outbound_webhooks_wanted(p_program UUID, p_type TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM outbound_webhook_endpoints e WHERE e.program_id = p_program AND e.enabled AND p_type = ANY(e.events));
$$;

CREATE FUNCTION enqueue_outbound_webhook(p_program UUID, p_type TEXT, p_data JSONB) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbound_webhook_messages (id, endpoint_id, program_id, type, body, next_attempt_at)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), e.id, p_program, p_type,
         jsonb_build_object('type', p_type,
                            'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'data', p_data)::text,
         now()
    FROM outbound_webhook_endpoints e
   WHERE e.program_id = p_program AND e.enabled AND p_type = ANY(e.events);
END;
$$;

CREATE FUNCTION reward_event_outbound_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
  r record;
BEGIN
  IF NEW.from_status IS NOT DISTINCT FROM NEW.to_status THEN
    RETURN NULL;
  END IF;
  t := CASE NEW.to_status
         WHEN 'PENDING' THEN 'reward.pending'
         WHEN 'AVAILABLE' THEN 'reward.available'
         WHEN 'REJECTED' THEN 'reward.rejected'
         WHEN 'REVERSED' THEN 'reward.reversed'
       END;
  -- The cheap check first (a primary-key read and an index probe); the payload's joins only when wanted.
  IF t IS NULL OR NOT outbound_webhooks_wanted((SELECT rw.program_id FROM rewards rw WHERE rw.id = NEW.reward_id), t) THEN
    RETURN NULL;
  END IF;
  SELECT rw.program_id, rw.member_id, rw.currency, rw.available_at, m.code, m.external_id, pu.order_id, pu.source
    INTO r
    FROM rewards rw JOIN members m ON m.id = rw.member_id JOIN purchases pu ON pu.id = rw.purchase_id
   WHERE rw.id = NEW.reward_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM enqueue_outbound_webhook(r.program_id, t, jsonb_build_object(
    'rewardId', NEW.reward_id,
    'programId', r.program_id,
    'memberId', r.member_id,
    'memberCode', r.code,
    'customerExternalId', r.external_id,
    'orderId', r.order_id,
    'source', lower(r.source::text),
    'status', lower(NEW.to_status::text),
    'previousStatus', lower(NEW.from_status::text),
    'amount', NEW.amount_minor,
    'currency', r.currency,
    'availableAt', CASE WHEN r.available_at IS NULL THEN NULL
                        ELSE to_char(r.available_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
    'reason', NEW.reason));
  RETURN NULL;
END;
$$;
CREATE TRIGGER reward_events_outbound_webhook AFTER INSERT ON "reward_events"
  FOR EACH ROW EXECUTE FUNCTION reward_event_outbound_webhook();

CREATE FUNCTION redemption_outbound_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
  m record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    t := CASE WHEN NEW.status = 'CAPTURED' THEN 'redemption.captured' END;
  ELSIF NEW.amount_refunded > OLD.amount_refunded THEN
    t := 'redemption.refunded';
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    t := CASE NEW.status
           WHEN 'CAPTURED' THEN 'redemption.captured'
           WHEN 'CANCELED' THEN 'redemption.canceled'
           WHEN 'EXPIRED' THEN 'redemption.canceled'
         END;
  END IF;
  IF t IS NULL OR NOT outbound_webhooks_wanted(NEW.program_id, t) THEN
    RETURN NULL;
  END IF;
  SELECT code, external_id INTO m FROM members WHERE id = NEW.member_id;
  PERFORM enqueue_outbound_webhook(NEW.program_id, t, jsonb_build_object(
    'redemptionId', NEW.id,
    'programId', NEW.program_id,
    'memberId', NEW.member_id,
    'memberCode', m.code,
    'customerExternalId', m.external_id,
    'orderId', NEW.order_id,
    'source', lower(NEW.source::text),
    'status', lower(NEW.status::text),
    'currency', NEW.currency,
    'amountHeld', NEW.amount_held,
    'amountCaptured', NEW.amount_captured,
    'amountRefunded', NEW.amount_refunded,
    'refundedNow', CASE WHEN TG_OP = 'UPDATE' THEN NEW.amount_refunded - OLD.amount_refunded ELSE 0 END));
  RETURN NULL;
END;
$$;
CREATE TRIGGER redemptions_outbound_webhook AFTER INSERT OR UPDATE ON "redemptions"
  FOR EACH ROW EXECUTE FUNCTION redemption_outbound_webhook();

CREATE FUNCTION member_outbound_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  email TEXT;
BEGIN
  IF NEW.status <> 'ACTIVE' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status NOT IN ('PENDING_PAYMENT', 'LEFT') THEN
    RETURN NULL;
  END IF;
  IF NOT outbound_webhooks_wanted(NEW.program_id, 'member.joined') THEN
    RETURN NULL;
  END IF;
  SELECT u.email INTO email FROM users u WHERE u.id = NEW.user_id;
  PERFORM enqueue_outbound_webhook(NEW.program_id, 'member.joined', jsonb_build_object(
    'memberId', NEW.id,
    'programId', NEW.program_id,
    'memberCode', NEW.code,
    'customerExternalId', NEW.external_id,
    'email', email,
    'joinedAt', to_char(NEW.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  RETURN NULL;
END;
$$;
CREATE TRIGGER members_outbound_webhook AFTER INSERT OR UPDATE OF status ON "members"
  FOR EACH ROW EXECUTE FUNCTION member_outbound_webhook();
