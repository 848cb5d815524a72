-- AlterTable
ALTER TABLE "KeySecret" ADD COLUMN     "lastUsedAt" TIMESTAMP(3),
ADD COLUMN     "lastUsedIp" TEXT;

-- CreateTable
CREATE TABLE "KeySecretUsage" (
    "secretId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KeySecretUsage_pkey" PRIMARY KEY ("secretId","hour","ip")
);

-- CreateIndex
CREATE INDEX "KeySecretUsage_keyId_hour_idx" ON "KeySecretUsage"("keyId", "hour");

-- CreateIndex
CREATE INDEX "KeySecretUsage_organizationId_hour_idx" ON "KeySecretUsage"("organizationId", "hour");

-- AddForeignKey
ALTER TABLE "KeySecretUsage" ADD CONSTRAINT "KeySecretUsage_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "KeySecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;
