/*
  Warnings:

  - A unique constraint covering the columns `[ssoSubject]` on the table `User` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "requireSso" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ssoClaim" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "ssoSubject" TEXT;

-- CreateTable
CREATE TABLE "SsoRoleMapping" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "SsoRoleMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SsoRoleMapping_organizationId_value_key" ON "SsoRoleMapping"("organizationId", "value");

-- CreateIndex
CREATE UNIQUE INDEX "User_ssoSubject_key" ON "User"("ssoSubject");

-- AddForeignKey
ALTER TABLE "SsoRoleMapping" ADD CONSTRAINT "SsoRoleMapping_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
