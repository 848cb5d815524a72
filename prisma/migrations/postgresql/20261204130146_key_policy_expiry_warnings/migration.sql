-- AlterTable
ALTER TABLE "KeyPolicy" ADD COLUMN     "expiryWarningDays" TEXT NOT NULL DEFAULT '14,7,1';
