-- CreateTable
CREATE TABLE "AuditTerm" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "actorType" TEXT,
    "label" TEXT,

    CONSTRAINT "AuditTerm_pkey" PRIMARY KEY ("organizationId","kind","value")
);

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_actorLabel_seq_idx" ON "AuditEntry"("organizationId", "actorLabel", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_targetLabel_seq_idx" ON "AuditEntry"("organizationId", "targetLabel", "seq");

-- AddForeignKey
ALTER TABLE "AuditTerm" ADD CONSTRAINT "AuditTerm_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
-- An actor's type and label are those of their newest entry.
INSERT INTO "AuditTerm" ("organizationId", "kind", "value", "count", "actorType", "label")
SELECT a."organizationId", 'actor', COALESCE(a."actorId", ''), a."n", e."actorType", e."actorLabel"
FROM (
  SELECT "organizationId", "actorId", COUNT(*) AS "n", MAX("seq") AS "newest"
  FROM "AuditEntry" GROUP BY "organizationId", "actorId"
) a
JOIN "AuditEntry" e ON e."organizationId" = a."organizationId" AND e."seq" = a."newest";

-- Every change to AuditEntry keeps AuditTerm's counts in the same transaction, whoever writes.
CREATE FUNCTION "AuditEntry_terms"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    UPDATE "AuditTerm" SET "count" = "count" - 1
    WHERE "organizationId" = OLD."organizationId" AND (
      ("kind" = 'action' AND "value" = OLD."action")
      OR ("kind" = 'targetType' AND "value" = OLD."targetType")
      OR ("kind" = 'actor' AND "value" = COALESCE(OLD."actorId", ''))
      OR ("kind" = 'actorLabel' AND "value" = OLD."actorLabel")
      OR ("kind" = 'targetLabel' AND "value" = OLD."targetLabel"));
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO "AuditTerm" AS t ("organizationId", "kind", "value", "count", "actorType", "label")
    SELECT NEW."organizationId", k, v, 1, at, al
    FROM (VALUES
      ('action', NEW."action", NULL::text, NULL::text),
      ('targetType', NEW."targetType", NULL, NULL),
      ('actor', COALESCE(NEW."actorId", ''), NEW."actorType", NEW."actorLabel"),
      ('actorLabel', NEW."actorLabel", NULL, NULL),
      ('targetLabel', NEW."targetLabel", NULL, NULL)
    ) AS terms (k, v, at, al)
    WHERE v IS NOT NULL
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET
      "count" = t."count" + 1,
      -- An entry changed in place keeps the actor's label of their newest entry written.
      "actorType" = CASE WHEN TG_OP = 'INSERT' THEN COALESCE(EXCLUDED."actorType", t."actorType") ELSE t."actorType" END,
      "label" = CASE WHEN TG_OP = 'INSERT' THEN COALESCE(EXCLUDED."label", t."label") ELSE t."label" END;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "AuditEntry_terms_insert_delete" AFTER INSERT OR DELETE ON "AuditEntry"
FOR EACH ROW EXECUTE FUNCTION "AuditEntry_terms"();

-- An entry changed in place (only tampering does that): out with the old values, in with the new.
CREATE TRIGGER "AuditEntry_terms_update"
AFTER UPDATE OF "organizationId", "action", "targetType", "actorId", "actorType", "actorLabel", "targetLabel" ON "AuditEntry"
FOR EACH ROW EXECUTE FUNCTION "AuditEntry_terms"();
