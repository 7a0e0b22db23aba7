// The backend, as the UI sees it. Every value shown comes from here; the UI computes none.
import { Channel, invoke } from "@tauri-apps/api/core";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { ConnectionTestRequest } from "./bindings/ConnectionTestRequest";
import type { Finding } from "./bindings/Finding";
import type { LoadedProgress } from "./bindings/LoadedProgress";
import type { TokenCheck } from "./bindings/TokenCheck";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { Progress } from "./bindings/Progress";

export interface Backend {
  getPlan(input: PlanInput): Promise<Plan>;
  loadProgress(): Promise<LoadedProgress>;
  saveProgress(progress: Progress): Promise<void>;
  copy(text: string): Promise<void>;
  inspectToken(token: string): Promise<TokenCheck>;
  /** The practice tenant's base URL and its practice token (not a secret). */
  practiceTenant(): Promise<[string, string]>;
  runConnectionTest(request: ConnectionTestRequest, onFinding: (f: Finding) => void): Promise<ConnectionTestOutcome>;
}

export const tauriBackend: Backend = {
  getPlan: (input) => invoke<Plan>("get_plan", { input }),
  loadProgress: () => invoke<LoadedProgress>("load_progress"),
  saveProgress: (progress) => invoke<void>("save_progress", { progress }),
  copy: (text) => writeText(text),
  inspectToken: (token) => invoke<TokenCheck>("inspect_token", { token }),
  practiceTenant: () => invoke<[string, string]>("practice_tenant"),
  runConnectionTest: (request, onFinding) => {
    const channel = new Channel<Finding>();
    channel.onmessage = onFinding;
    return invoke<ConnectionTestOutcome>("run_connection_test", { request, onFinding: channel });
  },
};

/** A message for an error thrown by `invoke`: commands reject with a sentence. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  return "Something went wrong talking to the app's backend.";
}
