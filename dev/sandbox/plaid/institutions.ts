/** Institutions of Plaid's sandbox environment that this stand-in knows (Plaid's ids and names). */
export const SANDBOX_INSTITUTIONS = [
  { institution_id: "ins_109508", name: "First Platypus Bank" },
  { institution_id: "ins_109509", name: "First Gingham Credit Union" },
  { institution_id: "ins_109510", name: "Tattersall Federal Credit Union" },
  { institution_id: "ins_109511", name: "Tartan Bank" },
  { institution_id: "ins_109512", name: "Houndstooth Bank" },
] as const;
