"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Command, defaultFilter } from "cmdk";
import { Search } from "lucide-react";
import { FindKeyDialog } from "@/components/keys/find-key-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { can, type OrgRole } from "@/lib/auth/permissions";
import { navItemsFor } from "./nav-items";

// The command palette (⌘K / Ctrl-K): jump to a section, a system, the keys matching what was
// typed (listed last, so a command that matches comes first), an audit filter, or start an action (create a key, "Which key is this?"). Everything is
// keyboard-only (cmdk: arrows, Enter, Escape) and role-aware: it lists what the permission table
// lets the caller open, the same as the sidebar (components/shell/nav-items.ts).

type Props = { orgSlug: string; role: OrgRole; systems: { id: string; name: string }[] };

type Entry = { id: string; group: string; label: string; keywords?: string[]; run: () => void };

const AUDIT_FILTERS = [
  { label: "Audit: revoked keys", query: "action=key.revoked" },
  { label: "Audit: created keys", query: "action=key.created" },
  { label: "Audit: denied actions", query: "outcome=denied" },
] as const;

const ITEM_CLASS =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground";

export function CommandPalette({ orgSlug, role, systems }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [finding, setFinding] = useState(false);
  const [search, setSearch] = useState("");
  const base = `/orgs/${encodeURIComponent(orgSlug)}`;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  function go(href: string) {
    setOpen(false);
    setSearch("");
    router.push(href);
  }

  const roles = { orgRole: role };
  const entries: Entry[] = [
    ...navItemsFor(role).shown.map((item) => ({
      id: `nav-${item.segment}`,
      group: "Go to",
      label: item.label,
      run: () => go(item.segment ? `${base}/${item.segment}` : base),
    })),
    ...systems.map((system) => ({
      id: `system-${system.id}`,
      group: "Systems",
      label: system.name,
      keywords: ["system"],
      run: () => go(`${base}/systems/${encodeURIComponent(system.id)}`),
    })),
    ...(can(roles, "audit:read")
      ? AUDIT_FILTERS.map((filter) => ({
          id: filter.query,
          group: "Audit filters",
          label: filter.label,
          run: () => go(`${base}/audit?${filter.query}`),
        }))
      : []),
    ...(can(roles, "org-keys:manage")
      ? [
          {
            id: "create-key",
            group: "Actions",
            label: "Create an organization key",
            keywords: ["new", "add"],
            run: () => go(`${base}/keys?create=1`),
          },
          {
            id: "bulk",
            group: "Actions",
            label: "Disable, enable or revoke many keys",
            keywords: ["bulk", "select", "export"],
            run: () => go(`${base}/keys`),
          },
        ]
      : []),
    {
      id: "find-key",
      group: "Actions",
      label: "Which key is this? (find by secret)",
      keywords: ["find", "secret", "leak", "incident"],
      run: () => {
        setOpen(false);
        setFinding(true);
      },
    },
  ];
  const groups = [...new Set(entries.map((entry) => entry.group))];
  const keysSearch = search.trim();

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        className="gap-2 text-muted-foreground"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
      >
        <Search aria-hidden="true" />
        <span className="hidden sm:inline">Search…</span>
        <kbd className="hidden rounded border px-1 font-mono text-xs sm:inline">Ctrl K</kbd>
      </Button>
      <Button variant="ghost" size="sm" className="hidden sm:inline-flex" onClick={() => setFinding(true)}>
        Which key is this?
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="gap-0 overflow-hidden p-0" showCloseButton={false}>
          <DialogTitle className="sr-only">Command palette</DialogTitle>
          <DialogDescription className="sr-only">
            Type to filter; arrows move, Enter opens, Escape closes.
          </DialogDescription>
          <Command label="Command palette" loop filter={rankKeysSearchLast}>
            <Command.Input
              value={search}
              onValueChange={setSearch}
              placeholder="Jump to… or type a key label"
              className="h-11 w-full border-b bg-transparent px-3 text-sm outline-none placeholder:text-muted-foreground"
            />
            <Command.List className="max-h-80 overflow-y-auto p-2">
              <Command.Empty className="px-2 py-6 text-center text-sm text-muted-foreground">
                Nothing matches.
              </Command.Empty>
              {groups.map((group) => (
                <Command.Group key={group} heading={group} className={GROUP_CLASS}>
                  {entries
                    .filter((entry) => entry.group === group)
                    .map((entry) => (
                      <Command.Item
                        key={entry.id}
                        value={`${entry.group} ${entry.label}`}
                        keywords={entry.keywords}
                        className={ITEM_CLASS}
                        onSelect={entry.run}
                      >
                        {entry.label}
                      </Command.Item>
                    ))}
                </Command.Group>
              ))}
              {keysSearch && can(roles, "org-keys:read") ? (
                <Command.Group heading="Keys" className={GROUP_CLASS}>
                  <Command.Item
                    value={`${KEYS_SEARCH}${keysSearch}`}
                    keywords={[keysSearch]}
                    className={ITEM_CLASS}
                    onSelect={() => go(`${base}/keys?q=${encodeURIComponent(keysSearch)}`)}
                  >
                    Organization keys matching “{keysSearch}”
                  </Command.Item>
                </Command.Group>
              ) : null}
            </Command.List>
          </Command>
        </DialogContent>
      </Dialog>
      <FindKeyDialog open={finding} onOpenChange={setFinding} />
    </>
  );
}

const KEYS_SEARCH = "search keys ";

/** cmdk's own ranking, except that the keys search (always a match) ranks below every command. */
function rankKeysSearchLast(value: string, search: string, keywords?: string[]): number {
  return value.startsWith(KEYS_SEARCH) ? 0.0001 : defaultFilter(value, search, keywords);
}

const GROUP_CLASS =
  "[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground";
