"use client";

import { useSearchParams } from "next/navigation";
import { Download, FileJson, FileSpreadsheet } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem, DropdownMenuSeparator, Menu } from "@/components/ui/dropdown-menu";
import { AUDIT_FILTER_PARAMS } from "@/lib/audit/filters";

/** Downloads the entries matching the current filters (all pages, oldest first). */
export function ExportMenu({ orgSlug }: { orgSlug: string }) {
  const searchParams = useSearchParams();
  const filtered = AUDIT_FILTER_PARAMS.some((key) => searchParams.has(key));

  function href(format: "csv" | "jsonl"): string {
    const params = new URLSearchParams({ format });
    for (const key of AUDIT_FILTER_PARAMS) {
      const value = searchParams.get(key);
      if (value) params.set(key, value);
    }
    return `/orgs/${orgSlug}/audit/export?${params.toString()}`;
  }

  return (
    <Menu
      trigger={
        <Button variant="outline">
          <Download aria-hidden /> Export
        </Button>
      }
      label={
        <>{filtered ? "Entries matching the current filters" : "Every entry of the log"}, oldest first</>
      }
      labelClassName="text-xs font-normal text-muted-foreground"
      align="end"
      className="w-60"
    >
      <DropdownMenuSeparator />
      <DropdownMenuItem asChild>
        <a href={href("csv")} download>
          <FileSpreadsheet aria-hidden /> CSV
        </a>
      </DropdownMenuItem>
      <DropdownMenuItem asChild>
        <a href={href("jsonl")} download>
          <FileJson aria-hidden /> JSON Lines
        </a>
      </DropdownMenuItem>
    </Menu>
  );
}
