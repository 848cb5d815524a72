"use client";

import type { ComponentProps, ReactNode } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { cn } from "@/lib/utils";

// The layout every console dialog shares: an optional trigger, a title and description, the body,
// and a footer of buttons. FormDialog (components/forms) wraps it all in a form.

type ContentProps = ComponentProps<typeof DialogContent>;

export type DialogShellProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the dialog; omitted when the caller opens it. */
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  footer: ReactNode;
  /** Width and scrolling of the dialog (DialogContent's className). */
  className?: string;
  /** While a secret is on screen, only the footer closes the dialog (no Escape, no click outside). */
  closeOnlyFromFooter?: boolean;
  onOpenAutoFocus?: ContentProps["onOpenAutoFocus"];
  /**
   * The dialog hands over to another one (a form's success opens the one-time reveal): it closes at
   * once, without the fade-out, and leaves focus to the next dialog instead of its trigger, so the
   * two never stand on screen together.
   */
  handedOver?: boolean;
  /** Wraps header, body and footer together (FormDialog puts them in its form). */
  wrap?: (content: ReactNode) => ReactNode;
  children: ReactNode;
};

const keepOpen = (event: Event) => event.preventDefault();
// The fade-out of the content and its overlay (components/ui/dialog.tsx) is skipped on a hand-over.
const HANDED_OVER = "data-[state=closed]:animate-none";

export function DialogShell(props: DialogShellProps) {
  const content = (
    <>
      <DialogHeader>
        <DialogTitle>{props.title}</DialogTitle>
        <DialogDescription asChild>
          <div>{props.description}</div>
        </DialogDescription>
      </DialogHeader>
      {props.children}
      <DialogFooter>{props.footer}</DialogFooter>
    </>
  );
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      {props.trigger ? <DialogTrigger asChild>{props.trigger}</DialogTrigger> : null}
      <DialogContent
        className={props.handedOver ? cn(props.className, HANDED_OVER) : props.className}
        onOpenAutoFocus={props.onOpenAutoFocus}
        onCloseAutoFocus={props.handedOver ? keepOpen : undefined}
        onInteractOutside={props.closeOnlyFromFooter ? keepOpen : undefined}
        onEscapeKeyDown={props.closeOnlyFromFooter ? keepOpen : undefined}
      >
        {props.wrap ? props.wrap(content) : content}
      </DialogContent>
    </Dialog>
  );
}
