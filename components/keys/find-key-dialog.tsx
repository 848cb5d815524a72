"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { FoundKey } from "@/lib/keys/find";
import { findKeyAction } from "@/lib/keys/actions";

// "Which key is this?" (lib/keys/find.ts): paste a secret (or type a key id or the last 4
// characters) and open the key's details. The text goes to the server action only, is hashed
// there and never kept; the field is cleared once the answer is in.

/** Where a found key's details open: its organization's keys page, or its system's page. */
function keyHref(key: FoundKey): string {
  const org = `/orgs/${encodeURIComponent(key.organization.slug)}`;
  const page = key.system ? `${org}/systems/${encodeURIComponent(key.system.id)}` : `${org}/keys`;
  return `${page}?key=${encodeURIComponent(key.id)}`;
}

export function FindKeyDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<FoundKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function close(next: boolean) {
    if (!next) {
      setQuery("");
      setResults(null);
      setError(null);
    }
    onOpenChange(next);
  }

  async function search(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await findKeyAction({ query });
    setPending(false);
    setQuery("");
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const [only] = result.data;
    if (result.data.length === 1 && only && only.matchedBy !== "hint") {
      close(false);
      router.push(keyHref(only));
      return;
    }
    setResults(result.data);
  }

  return (
    <DialogShell
      open={open}
      onOpenChange={close}
      title="Which key is this?"
      description="Paste a secret, or type a key id or the last 4 characters of a secret. It is looked up by its hash among the keys you can see, and never stored."
      wrap={(content) => (
        <form onSubmit={(event) => void search(event)} className="grid gap-4">
          {content}
        </form>
      )}
      footer={
        <Button type="submit" disabled={pending || query.trim().length < 4}>
          Find key
        </Button>
      }
    >
      <FormField label="Secret, key id or last 4 characters" error={error ?? undefined} required>
        <Input
          type="password"
          value={query}
          autoComplete="off"
          spellCheck={false}
          data-1p-ignore=""
          className="font-mono"
          onChange={(event) => setQuery(event.target.value)}
        />
      </FormField>
      {results ? (
        results.length === 0 ? (
          <p role="status" className="text-sm">
            Not found among the keys you can see.
          </p>
        ) : (
          <ul role="status" aria-label="Matching keys" className="grid gap-1 text-sm">
            {results.map((key) => (
              <li key={key.id}>
                <Link
                  href={keyHref(key)}
                  onClick={() => close(false)}
                  className="font-medium underline underline-offset-4"
                >
                  {key.label}
                </Link>{" "}
                <span className="text-muted-foreground">
                  {key.hint ?? ""} · {key.state} · {key.organization.name}
                  {key.system ? ` / ${key.system.name}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </DialogShell>
  );
}
