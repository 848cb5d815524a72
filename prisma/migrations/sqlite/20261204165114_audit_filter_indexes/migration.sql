-- DropIndex
DROP INDEX "AuditEntry_organizationId_actorId_idx";

-- DropIndex
DROP INDEX "AuditEntry_organizationId_targetType_targetId_idx";

-- DropIndex
DROP INDEX "AuditEntry_organizationId_action_idx";

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_action_seq_idx" ON "AuditEntry"("organizationId", "action", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_targetType_targetId_seq_idx" ON "AuditEntry"("organizationId", "targetType", "targetId", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_actorId_seq_idx" ON "AuditEntry"("organizationId", "actorId", "seq");
