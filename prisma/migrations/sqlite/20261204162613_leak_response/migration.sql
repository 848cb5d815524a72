-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_KeyPolicy" (
    "organizationId" TEXT NOT NULL PRIMARY KEY,
    "defaultLifetimeDays" INTEGER NOT NULL DEFAULT 365,
    "minLifetimeDays" INTEGER NOT NULL DEFAULT 1,
    "maxLifetimeDays" INTEGER NOT NULL DEFAULT 730,
    "allowCustomSecrets" BOOLEAN NOT NULL DEFAULT false,
    "retrievableSecrets" BOOLEAN NOT NULL DEFAULT false,
    "expiryWarningDays" TEXT NOT NULL DEFAULT '14,7,1',
    "leakResponse" TEXT NOT NULL DEFAULT 'disable',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KeyPolicy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_KeyPolicy" ("allowCustomSecrets", "defaultLifetimeDays", "expiryWarningDays", "maxLifetimeDays", "minLifetimeDays", "organizationId", "retrievableSecrets", "updatedAt") SELECT "allowCustomSecrets", "defaultLifetimeDays", "expiryWarningDays", "maxLifetimeDays", "minLifetimeDays", "organizationId", "retrievableSecrets", "updatedAt" FROM "KeyPolicy";
DROP TABLE "KeyPolicy";
ALTER TABLE "new_KeyPolicy" RENAME TO "KeyPolicy";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
