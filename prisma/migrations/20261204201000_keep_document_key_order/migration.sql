-- AlterTable
ALTER TABLE "policy" ALTER COLUMN "document" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "policy_version" ALTER COLUMN "document" SET DATA TYPE JSON;
