/** Test banks offered by the sandbox Link dialog; the ids are Plaid's own sandbox institutions. */
export const SANDBOX_INSTITUTIONS = [
  { institution_id: "ins_109508", name: "First Platypus Bank" },
  { institution_id: "ins_109511", name: "Tartan Bank" },
  { institution_id: "ins_109512", name: "Houndstooth Bank" },
] as const;
