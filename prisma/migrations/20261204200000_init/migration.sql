-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "evaluation_event" (
    "id" TEXT NOT NULL,
    "attach_to" TEXT NOT NULL,
    "policy_type" TEXT NOT NULL,
    "principal_arn" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "kafka_partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluation_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy" (
    "attach_to" TEXT NOT NULL,
    "policy_type" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "latest_version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "event_count" INTEGER NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policy_pkey" PRIMARY KEY ("attach_to","policy_type")
);

-- CreateTable
CREATE TABLE "policy_version" (
    "attach_to" TEXT NOT NULL,
    "policy_type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "added" JSONB NOT NULL,
    "caused_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_version_pkey" PRIMARY KEY ("attach_to","policy_type","version")
);

-- CreateTable
CREATE TABLE "permission" (
    "attach_to" TEXT NOT NULL,
    "policy_type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "principal" JSONB,
    "condition" JSONB,
    "added_in_version" INTEGER NOT NULL,
    "first_event_id" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL,
    "allow_count" INTEGER NOT NULL,
    "deny_count" INTEGER NOT NULL,

    CONSTRAINT "permission_pkey" PRIMARY KEY ("attach_to","policy_type","key")
);

-- CreateIndex
CREATE INDEX "evaluation_event_attach_to_policy_type_time_idx" ON "evaluation_event"("attach_to", "policy_type", "time");

-- AddForeignKey
ALTER TABLE "policy_version" ADD CONSTRAINT "policy_version_attach_to_policy_type_fkey" FOREIGN KEY ("attach_to", "policy_type") REFERENCES "policy"("attach_to", "policy_type") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission" ADD CONSTRAINT "permission_attach_to_policy_type_fkey" FOREIGN KEY ("attach_to", "policy_type") REFERENCES "policy"("attach_to", "policy_type") ON DELETE CASCADE ON UPDATE CASCADE;
