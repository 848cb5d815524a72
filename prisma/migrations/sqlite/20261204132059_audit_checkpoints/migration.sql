-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "hour" DATETIME,
    "signature" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "publicKeyId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "anchoredAt" DATETIME,
    CONSTRAINT "AuditCheckpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_organizationId_createdAt_idx" ON "AuditCheckpoint"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditCheckpoint_anchoredAt_idx" ON "AuditCheckpoint"("anchoredAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_organizationId_hour_key" ON "AuditCheckpoint"("organizationId", "hour");
