-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "creditsPeriod" TEXT,
ADD COLUMN     "creditsRefill" JSONB,
ADD COLUMN     "creditsRemaining" INTEGER,
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "meta" JSONB,
ADD COLUMN     "ratelimits" JSONB;

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_externalId_idx" ON "ApiKey"("organizationId", "externalId");
