-- CreateTable
CREATE TABLE "AuditTerm" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "actorType" TEXT,
    "label" TEXT,

    PRIMARY KEY ("organizationId", "kind", "value"),
    CONSTRAINT "AuditTerm_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_actorLabel_seq_idx" ON "AuditEntry"("organizationId", "actorLabel", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_targetLabel_seq_idx" ON "AuditEntry"("organizationId", "targetLabel", "seq");

-- The AuditTerm rows of the entries already written.
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
SELECT "organizationId", 'action', "action", COUNT(*) FROM "AuditEntry" GROUP BY "organizationId", "action";
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
SELECT "organizationId", 'targetType', "targetType", COUNT(*) FROM "AuditEntry" GROUP BY "organizationId", "targetType";
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
SELECT "organizationId", 'actorLabel', "actorLabel", COUNT(*) FROM "AuditEntry" GROUP BY "organizationId", "actorLabel";
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
SELECT "organizationId", 'targetLabel', "targetLabel", COUNT(*) FROM "AuditEntry"
WHERE "targetLabel" IS NOT NULL GROUP BY "organizationId", "targetLabel";
-- An actor's type and label are those of their newest entry (SQLite takes the bare columns from the MAX row).
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count", "actorType", "label")
SELECT "organizationId", 'actor', COALESCE("actorId", ''), "n", "actorType", "actorLabel" FROM (
  SELECT "organizationId", "actorId", COUNT(*) AS "n", MAX("seq"), "actorType", "actorLabel"
  FROM "AuditEntry" GROUP BY "organizationId", "actorId"
);

-- Every change to AuditEntry keeps AuditTerm's counts in the same transaction, whoever writes.
CREATE TRIGGER "AuditEntry_terms_insert" AFTER INSERT ON "AuditEntry" BEGIN
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'action', NEW."action", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'targetType', NEW."targetType", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count", "actorType", "label")
    VALUES (NEW."organizationId", 'actor', COALESCE(NEW."actorId", ''), 1, NEW."actorType", NEW."actorLabel")
    ON CONFLICT ("organizationId", "kind", "value")
    DO UPDATE SET "count" = "count" + 1, "actorType" = excluded."actorType", "label" = excluded."label";
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'actorLabel', NEW."actorLabel", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
    SELECT NEW."organizationId", 'targetLabel', NEW."targetLabel", 1 WHERE NEW."targetLabel" IS NOT NULL
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "AuditEntry_terms_delete" AFTER DELETE ON "AuditEntry" BEGIN
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'action' AND "value" = OLD."action";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'targetType' AND "value" = OLD."targetType";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'actor' AND "value" = COALESCE(OLD."actorId", '');
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'actorLabel' AND "value" = OLD."actorLabel";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'targetLabel' AND "value" = OLD."targetLabel";
END;

-- An entry changed in place (only tampering does that): out with the old values, in with the new
-- (an actor keeps the label of their newest entry written, not of the one changed).
CREATE TRIGGER "AuditEntry_terms_update" AFTER UPDATE OF "organizationId", "action", "targetType", "actorId", "actorType", "actorLabel", "targetLabel" ON "AuditEntry" BEGIN
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'action' AND "value" = OLD."action";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'targetType' AND "value" = OLD."targetType";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'actor' AND "value" = COALESCE(OLD."actorId", '');
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'actorLabel' AND "value" = OLD."actorLabel";
  UPDATE "AuditTerm" SET "count" = "count" - 1 WHERE "organizationId" = OLD."organizationId" AND "kind" = 'targetLabel' AND "value" = OLD."targetLabel";
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'action', NEW."action", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'targetType', NEW."targetType", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count", "actorType", "label")
    VALUES (NEW."organizationId", 'actor', COALESCE(NEW."actorId", ''), 1, NEW."actorType", NEW."actorLabel")
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count") VALUES (NEW."organizationId", 'actorLabel', NEW."actorLabel", 1)
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
  INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count")
    SELECT NEW."organizationId", 'targetLabel', NEW."targetLabel", 1 WHERE NEW."targetLabel" IS NOT NULL
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET "count" = "count" + 1;
END;
