import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-4 text-center">
      <SearchX className="size-10 text-muted-foreground" aria-hidden />
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="max-w-sm text-muted-foreground">
        This page does not exist, or you do not have access to it.
      </p>
      <Button asChild>
        <Link href="/">Go to the console</Link>
      </Button>
    </div>
  );
}
