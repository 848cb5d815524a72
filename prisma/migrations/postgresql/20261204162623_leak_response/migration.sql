-- AlterTable
ALTER TABLE "KeyPolicy" ADD COLUMN     "leakResponse" TEXT NOT NULL DEFAULT 'disable';
