export { Alert, type AlertProps, type AlertVariant } from "./alert";
export { Badge, type BadgeProps, type BadgeVariant } from "./badge";
export { BrandScope, brandEmphasisMix, brandStyle, readableForeground, type BrandScopeProps } from "./brand-scope";
export { Button, buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant, type ButtonVariantOptions } from "./button";
export {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  type CardProps,
  type CardTitleProps,
} from "./card";
export { EmptyState, type EmptyStateProps } from "./empty-state";
export { Field, type FieldControlProps, type FieldProps } from "./field";
export { Input, Textarea, type InputProps, type TextareaProps } from "./input";
export { Label, type LabelProps } from "./label";
export { Money, type MoneyProps } from "./money";
export { PageHeader, type PageHeaderProps } from "./page-header";
export { Pager, type PagerProps } from "./pager";
export { Select, type SelectProps } from "./select";
export { Skeleton, type SkeletonProps } from "./skeleton";
export { Spinner, type SpinnerProps } from "./spinner";
export { Stat, type StatProps } from "./stat";
export {
  REWARD_STATUSES,
  REWARD_STATUS_META,
  StatusBadge,
  rewardStatusLabel,
  type RewardStatus,
  type StatusBadgeProps,
} from "./status-badge";
export { TBody, TD, TH, THead, TR, Table, type TableProps } from "./table";
// Client-only primitives are imported from their own files ("./dialog", "./toaster"), never re-exported here:
// a server page importing this barrel would otherwise ship them (and their dependencies) to the browser.
