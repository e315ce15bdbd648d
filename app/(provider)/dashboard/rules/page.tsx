import type { Metadata } from "next";
import { Percent } from "lucide-react";
import { Alert, EmptyState, PageHeader } from "@/components/ui";
import { RulesEditor } from "@/components/provider/rules/rules-editor";
import { VersionHistory } from "@/components/provider/rules/version-history";
import { db } from "@/lib/db/client";
import { listRuleVersions } from "@/lib/programs/list-rule-versions";
import { getProgramRules } from "@/lib/programs/update-program-rules";
import { requireStaff } from "@/lib/providers/require-staff";
import { saveRulesAction, tryRulesAction } from "./actions";

export const metadata: Metadata = { title: "Cashback rules" };

export default async function RulesPage() {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/rules");
  const program = provider.programs[0];
  if (!program) {
    return (
      <div className="space-y-6">
        <PageHeader title="Cashback rules" />
        <EmptyState icon={<Percent />} title="No program yet" description="Create a program first; its cashback rules are edited here." />
      </div>
    );
  }
  const [rules, versions] = await Promise.all([getProgramRules(db, provider.id, program.id), listRuleVersions(db, provider.id, program.id)]);

  return (
    <div className="space-y-6">
      <PageHeader title="Cashback rules" description={`What members of ${rules.name} earn. Every save is a new version, kept with who made it.`} />
      {rules.storedError ? (
        <Alert variant="warning" title="The saved rules could not be read">
          {rules.storedError}. The editor starts from rules that pay nothing; saving replaces the unreadable ones.
        </Alert>
      ) : null}
      <RulesEditor
        key={rules.version}
        providerId={provider.id}
        programId={program.id}
        currency={rules.currency}
        version={rules.version}
        initial={rules.ruleSet}
        save={saveRulesAction}
        tryRules={tryRulesAction}
      />
      <VersionHistory versions={versions} current={rules.version} />
    </div>
  );
}
