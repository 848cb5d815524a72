-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "creditsPeriod" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "creditsRefill" JSONB;
ALTER TABLE "ApiKey" ADD COLUMN "creditsRemaining" INTEGER;
ALTER TABLE "ApiKey" ADD COLUMN "externalId" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "meta" JSONB;
ALTER TABLE "ApiKey" ADD COLUMN "ratelimits" JSONB;

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_externalId_idx" ON "ApiKey"("organizationId", "externalId");
