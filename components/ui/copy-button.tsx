"use client";

import * as React from "react";
import { Check, Copy } from "lucide-react";

import { cn } from "@/lib/utils";
import { Button, type ButtonProps } from "@/components/ui/button";

/** Copy text to the clipboard: async Clipboard API first, then a hidden-textarea `execCommand("copy")` fallback. */
async function copyToClipboard(text: string): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied / document not focused (e.g. headless browsers): try the legacy path.
    }
  }
  return legacyCopy(text);
}

function legacyCopy(text: string): boolean {
  if (typeof document === "undefined") return false;
  const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const selection = document.getSelection();
  const previousRange = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;

  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  Object.assign(textarea.style, {
    position: "fixed",
    top: "0",
    left: "0",
    width: "1px",
    height: "1px",
    padding: "0",
    border: "0",
    opacity: "0",
    pointerEvents: "none",
  });
  // Inside an open Radix dialog, focus outside the dialog is blocked: append next to the focused element.
  const host = previouslyFocused?.closest("[role=dialog],[role=alertdialog]") ?? document.body;
  host.appendChild(textarea);

  let ok = false;
  try {
    textarea.focus({ preventScroll: true });
    textarea.select();
    textarea.setSelectionRange(0, text.length);
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  } finally {
    textarea.remove();
    previouslyFocused?.focus({ preventScroll: true });
    if (selection && previousRange) {
      selection.removeAllRanges();
      selection.addRange(previousRange);
    }
  }
  return ok;
}

type CopyButtonProps = Omit<ButtonProps, "value" | "onClick" | "children" | "asChild"> & {
  /** The text to copy. */
  value: string;
  /** Accessible name of the button (default "Copy to clipboard"). Also shown when `showLabel`. */
  label?: string;
  /** Message announced (and shown when `showLabel`) after a successful copy. */
  copiedLabel?: string;
  /** Render the label text next to the icon instead of an icon-only button. */
  showLabel?: boolean;
  /** How long the check icon stays, in ms (default 2000). */
  resetAfter?: number;
  onCopied?: (value: string) => void;
  onCopyError?: () => void;
};

type CopyState = "idle" | "copied" | "error";

/** Icon button that copies `value`, swaps to a check icon and announces "Copied" politely. */
function CopyButton({
  value,
  label = "Copy to clipboard",
  copiedLabel = "Copied",
  showLabel = false,
  resetAfter = 2000,
  onCopied,
  onCopyError,
  variant = "ghost",
  size,
  className,
  ...props
}: CopyButtonProps) {
  const [state, setState] = React.useState<CopyState>("idle");
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);

  React.useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function handleClick() {
    const ok = await copyToClipboard(value);
    setState(ok ? "copied" : "error");
    if (ok) onCopied?.(value);
    else onCopyError?.();
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), resetAfter);
  }

  const Icon = state === "copied" ? Check : Copy;
  const announcement = state === "copied" ? copiedLabel : state === "error" ? "Copy failed" : "";

  return (
    <>
      <Button
        type="button"
        variant={variant}
        size={size ?? (showLabel ? "sm" : "icon-sm")}
        data-copied={state === "copied" ? "" : undefined}
        aria-label={showLabel ? undefined : label}
        className={cn(state === "copied" && "text-success hover:text-success", className)}
        onClick={handleClick}
        {...props}
      >
        <Icon aria-hidden="true" />
        {showLabel ? <span>{state === "copied" ? copiedLabel : label}</span> : null}
      </Button>
      <span role="status" aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement}
      </span>
    </>
  );
}

export { CopyButton };
