import type { OrderRowView } from "./types";

/** A member by name and e-mail; a customer who has not joined by whatever the order carried. */
export function CustomerCell({ customer }: { customer: OrderRowView["customer"] }) {
  if (customer.isMember) {
    return (
      <div className="min-w-0">
        <span className="block truncate text-sm font-medium">{customer.name ?? customer.email}</span>
        {customer.name ? <span className="block truncate text-xs text-muted-foreground">{customer.email}</span> : null}
      </div>
    );
  }
  return (
    <div className="min-w-0">
      <span className="block truncate text-sm">{customer.email ?? customer.memberCode ?? "Unknown customer"}</span>
      <span className="block text-xs text-muted-foreground">Not a member yet</span>
    </div>
  );
}
