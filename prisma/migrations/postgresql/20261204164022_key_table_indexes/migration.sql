-- DropIndex
DROP INDEX "ApiKey_organizationId_systemId_state_idx";

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_systemId_state_expiresAt_idx" ON "ApiKey"("organizationId", "systemId", "state", "expiresAt");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_systemId_createdAt_id_idx" ON "ApiKey"("organizationId", "systemId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_systemId_label_id_idx" ON "ApiKey"("organizationId", "systemId", "label", "id");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_systemId_expiresAt_id_idx" ON "ApiKey"("organizationId", "systemId", "expiresAt", "id");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_systemId_lastUsedAt_id_idx" ON "ApiKey"("organizationId", "systemId", "lastUsedAt", "id");
