import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "@/lib/utils/cn";
import { Label } from "./label";

export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  /** A single control element (gets id/aria props injected) or a render function for custom controls. */
  children: ReactElement<Partial<FieldControlProps>> | ((control: FieldControlProps) => ReactNode);
  hint?: ReactNode;
  /** Shown in danger colour; also marks the control aria-invalid. */
  error?: ReactNode;
  required?: boolean;
  /** Control id; defaults to the child's own id, else a generated one. */
  id?: string;
  /** Alias of `id`, for symmetry with <label htmlFor>. */
  htmlFor?: string;
  className?: string;
  labelClassName?: string;
}

export function Field({ label, children, hint, error, required, id, htmlFor, className, labelClassName }: FieldProps) {
  const generatedId = useId();
  const childId = isValidElement(children) ? children.props.id : undefined;
  const controlId = id ?? htmlFor ?? childId ?? generatedId;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;

  const childDescribedBy = isValidElement(children) ? children.props["aria-describedby"] : undefined;
  const describedBy = [childDescribedBy, hintId, errorId].filter(Boolean).join(" ") || undefined;

  const controlProps: FieldControlProps = {
    id: controlId,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    required: required || undefined,
  };

  let control: ReactNode;
  if (typeof children === "function") {
    control = children(controlProps);
  } else {
    const own = children.props;
    control = cloneElement(children, {
      ...controlProps,
      "aria-invalid": controlProps["aria-invalid"] ?? own["aria-invalid"],
      required: controlProps.required ?? own.required,
    });
  }

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={controlId} required={required} className={labelClassName}>
        {label}
      </Label>
      {control}
      {hint ? (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
