// The live target: a running server named by SP_BASE_URL (validated in config.ts: https, or http on loopback only).
import type { ContractConfig } from "../config";
import type { TargetInfo } from "../types";

export function liveTarget(config: ContractConfig): TargetInfo {
  if (!config.baseUrl) throw new Error("live target without SP_BASE_URL");
  return { name: "live", kind: "live", baseUrl: config.baseUrl };
}
