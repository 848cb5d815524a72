-- AlterTable
ALTER TABLE "KeySecret" ADD COLUMN "lastUsedAt" DATETIME;
ALTER TABLE "KeySecret" ADD COLUMN "lastUsedIp" TEXT;

-- CreateTable
CREATE TABLE "KeySecretUsage" (
    "secretId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "ip" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("secretId", "hour", "ip"),
    CONSTRAINT "KeySecretUsage_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "KeySecret" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "KeySecretUsage_keyId_hour_idx" ON "KeySecretUsage"("keyId", "hour");

-- CreateIndex
CREATE INDEX "KeySecretUsage_organizationId_hour_idx" ON "KeySecretUsage"("organizationId", "hour");
