import type { ReactNode } from "react";
import { Table, TableBody, TableHeader, TableRow } from "@/components/ui/table";

/**
 * A short list as a bordered table (members, invitations, systems): the header row's cells, then
 * one row per item; `empty` (an EmptyState), when given, instead of the table when there is no item.
 */
export function BorderedTable<T>({
  head,
  items,
  row,
  empty,
}: {
  head: ReactNode;
  items: readonly T[];
  row: (item: T) => ReactNode;
  empty?: ReactNode;
}) {
  if (items.length === 0 && empty !== undefined) return empty;
  return (
    <div className="rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>{head}</TableRow>
        </TableHeader>
        <TableBody>{items.map(row)}</TableBody>
      </Table>
    </div>
  );
}
