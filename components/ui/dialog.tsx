"use client";

import { useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Alert } from "./alert";
import { Button } from "./button";

const dialogSizes = {
  sm: "max-w-sm",
  md: "max-w-md",
  lg: "max-w-2xl",
} as const;

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons; stacked full-width on mobile, right-aligned from `sm`. */
  footer?: ReactNode;
  size?: keyof typeof dialogSizes;
  /** When false, Escape, backdrop clicks and the close button do nothing (e.g. while a request runs). */
  dismissible?: boolean;
  hideCloseButton?: boolean;
  className?: string;
}

/**
 * Modal on the native <dialog>: the browser provides the top layer, focus trapping,
 * inert background and focus return. Add `data-autofocus` to the element that should
 * receive initial focus; otherwise the first focusable element gets it.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  size = "md",
  dismissible = true,
  hideCloseButton = false,
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const pressStartedOnBackdrop = useRef(false);
  const titleId = useId();
  const descriptionId = useId();

  // Layout effect so content and modal state change in the same frame (no empty flash).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      el.showModal();
      el.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className={cn(
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] overflow-hidden rounded-2xl border border-border bg-surface p-0 text-foreground shadow-xl",
        "open:flex open:animate-dialog-in open:flex-col backdrop:animate-fade-in",
        dialogSizes[size],
        className,
      )}
      onCancel={(event) => {
        // Keep React in control: the parent decides whether the dialog really closes.
        event.preventDefault();
        if (dismissible) onOpenChange(false);
      }}
      onClose={() => {
        if (open) onOpenChange(false);
      }}
      onPointerDown={(event) => {
        pressStartedOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        // The dialog has no padding, so a click whose target is the <dialog> itself landed on the backdrop.
        // Requiring the press to start there too avoids closing after a text-selection drag.
        if (dismissible && pressStartedOnBackdrop.current && event.target === event.currentTarget) {
          onOpenChange(false);
        }
        pressStartedOnBackdrop.current = false;
      }}
    >
      {open ? (
        <>
          <div className={cn("flex flex-col gap-1.5 px-5 pt-5 sm:px-6 sm:pt-6", !hideCloseButton && "pr-14 sm:pr-14")}>
            <h2 id={titleId} className="text-lg leading-6 font-semibold tracking-tight">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm text-muted-foreground">
                {description}
              </div>
            ) : null}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4 empty:py-2.5 sm:px-6">{children}</div>
          {footer ? (
            <div className="flex flex-col-reverse gap-2 px-5 pb-5 sm:flex-row sm:justify-end sm:px-6 sm:pb-6 [&>*]:w-full sm:[&>*]:w-auto">
              {footer}
            </div>
          ) : null}
          {hideCloseButton ? null : (
            // Last in DOM order so it isn't the element that receives initial focus.
            <Button
              variant="ghost"
              size="icon"
              aria-label="Close"
              disabled={!dismissible}
              className="absolute top-3 right-3 text-muted-foreground sm:top-4 sm:right-4"
              onClick={() => onOpenChange(false)}
            >
              <X aria-hidden="true" />
            </Button>
          )}
        </>
      ) : null}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Extra details, e.g. a summary of the amount about to move. */
  children?: ReactNode;
  confirmLabel?: ReactNode;
  cancelLabel?: ReactNode;
  destructive?: boolean;
  /** Resolve to close; reject/throw to keep the dialog open and show the error message. */
  onConfirm: () => void | Promise<void>;
  /** Shown when the thrown value has no usable message. */
  fallbackErrorMessage?: string;
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = false,
  onConfirm,
  fallbackErrorMessage = "Something went wrong. Please try again.",
}: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wasOpen, setWasOpen] = useState(open);

  // Clear a previous attempt's error whenever the dialog is reopened.
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setError(null);
  }

  async function handleConfirm() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : fallbackErrorMessage);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
      title={title}
      description={description}
      size="sm"
      dismissible={!pending}
      footer={
        <>
          {/* Cancel takes initial focus so a stray Enter never moves money. */}
          <Button variant="outline" data-autofocus="" disabled={pending} onClick={() => onOpenChange(false)}>
            {cancelLabel}
          </Button>
          <Button variant={destructive ? "danger" : "primary"} loading={pending} onClick={handleConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children || error ? (
        <div className="flex flex-col gap-4">
          {children}
          {error ? <Alert variant="danger">{error}</Alert> : null}
        </div>
      ) : null}
    </Dialog>
  );
}
