import type { OrderRowView } from "./types";

/** A member by name and e-mail; a customer who has not joined by whatever the order carried. */
export function CustomerCell({ customer, receiptId }: { customer: OrderRowView["customer"]; receiptId?: string | null }) {
  // Receipt purchases carry the receipt's id as their order id; staff open the photo to review it.
  const receipt = receiptId ? (
    <a href={`/api/receipts/${receiptId}/image`} target="_blank" rel="noreferrer" className="block text-xs font-medium text-brand-emphasis underline underline-offset-2">
      View receipt
    </a>
  ) : null;
  if (customer.isMember) {
    return (
      <div className="min-w-0">
        <span className="block truncate text-sm font-medium">{customer.name ?? customer.email}</span>
        {customer.name ? <span className="block truncate text-xs text-muted-foreground">{customer.email}</span> : null}
        {receipt}
      </div>
    );
  }
  return (
    <div className="min-w-0">
      <span className="block truncate text-sm">{customer.email ?? customer.memberCode ?? "Unknown customer"}</span>
      <span className="block text-xs text-muted-foreground">Not a member yet</span>
      {receipt}
    </div>
  );
}
