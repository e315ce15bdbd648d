export { post, postWith, requestHash, ledgerPostCall } from "./post";
export { balance, balancesOf, memberBalances, type MemberBalances } from "./balance";
export { history, type HistoryItem } from "./history";
export { reverse } from "./reverse";
export { hold, holdWith, capture, captureWith, release, releaseWith, type Hold } from "./holds";
export { reconcile, type Reconciliation, type Discrepancy } from "./reconcile";
export { LedgerError, translateLedgerError, type LedgerErrorReason } from "./errors";
export * from "./types";
export { postBatchWith } from "./post-batch";
