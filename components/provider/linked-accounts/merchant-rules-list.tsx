"use client";

import { useState } from "react";
import { Badge, Button, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Rule = { id: string; programId: string; kind: "NAME" | "ENTITY_ID"; pattern: string; createdAt: Date };

export interface MerchantRulesListProps {
  providerId: string;
  programs: { id: string; name: string }[];
  rules: Rule[];
  remove: (input: { providerId: string; ruleId: string }) => Promise<ActionResult<{ id: string }>>;
}

export function MerchantRulesList({ providerId, programs, rules, remove }: MerchantRulesListProps) {
  const [removing, setRemoving] = useState<Rule | null>(null);
  const programName = (id: string) => programs.find((p) => p.id === id)?.name ?? "";
  return (
    <>
      <Table label="Merchant rules">
        <THead>
          <TR>
            <TH>Rule</TH>
            <TH>Matches</TH>
            {programs.length > 1 ? <TH>Program</TH> : null}
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </TR>
        </THead>
        <TBody>
          {rules.map((rule) => (
            <TR key={rule.id} data-testid="merchant-rule">
              <TD className="font-mono text-sm break-words">{rule.pattern}</TD>
              <TD>
                <Badge variant="neutral">
                  {rule.kind === "ENTITY_ID" ? "Merchant id" : rule.pattern.endsWith("*") ? "Name starts with" : "Exact name"}
                </Badge>
              </TD>
              {programs.length > 1 ? <TD>{programName(rule.programId)}</TD> : null}
              <TD className="text-right">
                <Button variant="ghost" size="sm" onClick={() => setRemoving(rule)} aria-label={`Remove rule ${rule.pattern}`}>
                  Remove
                </Button>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={`Remove the rule “${removing?.pattern ?? ""}”?`}
        description="New card transactions matching only this rule will no longer earn cashback. Purchases already recorded stay."
        confirmLabel="Remove"
        destructive
        onConfirm={async () => {
          if (!removing) return;
          const result = await remove({ providerId, ruleId: removing.id });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`Rule “${removing.pattern}” removed`);
        }}
      />
    </>
  );
}
