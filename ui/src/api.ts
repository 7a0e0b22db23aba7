// The backend, as the UI sees it. Every value shown comes from here; the UI computes none.
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { CommandError } from "./bindings/CommandError";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { ConnectionTestRequest } from "./bindings/ConnectionTestRequest";
import type { Finding } from "./bindings/Finding";
import type { LoadedProgress } from "./bindings/LoadedProgress";
import type { TokenCheck } from "./bindings/TokenCheck";
import type { DiscoveryProgress } from "./bindings/DiscoveryProgress";
import type { DiscoveryRequest } from "./bindings/DiscoveryRequest";
import type { Expiry } from "./bindings/Expiry";
import type { ExportKind } from "./bindings/ExportKind";
import type { RoleDiscovery } from "./bindings/RoleDiscovery";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { RolesPlanView } from "./bindings/RolesPlanView";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { Progress } from "./bindings/Progress";
import type { SavedTest } from "./bindings/SavedTest";
import type { RehearsalFinding } from "./bindings/RehearsalFinding";
import type { RehearsalOutcome } from "./bindings/RehearsalOutcome";
import type { RehearsalRequest } from "./bindings/RehearsalRequest";
import type { OktaCheckOutcome } from "./bindings/OktaCheckOutcome";
import type { OktaCheckRequest } from "./bindings/OktaCheckRequest";
import type { OktaChangeOutcome } from "./bindings/OktaChangeOutcome";
import type { OktaChangeRequest } from "./bindings/OktaChangeRequest";
import type { OktaUndoRequest } from "./bindings/OktaUndoRequest";
import type { UsersCheckOutcome } from "./bindings/UsersCheckOutcome";
import type { UsersCheckRequest } from "./bindings/UsersCheckRequest";
import type { WriteResult } from "./bindings/WriteResult";

export interface Backend {
  getPlan(input: PlanInput): Promise<Plan>;
  loadProgress(): Promise<LoadedProgress>;
  saveProgress(progress: Progress): Promise<void>;
  copy(text: string): Promise<void>;
  inspectToken(token: string): Promise<TokenCheck>;
  /** The practice tenant's base URL and its practice token (not a secret). */
  practiceTenant(): Promise<[string, string]>;
  runConnectionTest(request: ConnectionTestRequest, onFinding: (f: Finding) => void): Promise<ConnectionTestOutcome>;
  switchProfile(name: string): Promise<LoadedProgress>;
  discoverRoles(request: DiscoveryRequest, onProgress: (p: DiscoveryProgress) => void): Promise<RoleDiscovery>;
  rolesView(plan: RolesPlan, known: string[], seen: string[]): Promise<RolesPlanView>;
  tokenExpiry(generatedOn: string): Promise<Expiry>;
  rememberToken(token: string): Promise<void>;
  forgetToken(): Promise<void>;
  savedTokenStatus(): Promise<boolean>;
  /** Resolves to where the file was saved, or null if the admin cancelled. */
  exportFile(kind: ExportKind): Promise<string | null>;
  /** Closes the window (rejects when the window may not close itself). */
  closeWindow(): Promise<void>;
  /** Records a connection test in `progress`: the backend decides whether it ticks the step. */
  recordTest(progress: Progress, test: SavedTest): Promise<Progress>;
  /** Where the app's log file is (for a support ticket), or null when there is none. */
  logFile(): Promise<string | null>;
  /** Rehearses Okta's first push (creates a test user), streaming each step as it finishes. */
  runRehearsal(request: RehearsalRequest, onFinding: (f: RehearsalFinding) => void): Promise<RehearsalOutcome>;
  /** A saved connection test as it is shown after a restart (headline for its target). */
  savedTestOutcome(test: SavedTest): Promise<ConnectionTestOutcome>;
  /** Renames a profile (its keychain token moves with it) and returns what is open after. */
  renameProfile(from: string, to: string): Promise<LoadedProgress>;
  /** Deletes a profile and its keychain token; returns the profile open after. */
  deleteProfile(name: string): Promise<LoadedProgress>;
  /** Reads the Okta app back (GET only) and compares it with the wizard's values; the token is never kept. */
  checkOkta(request: OktaCheckRequest): Promise<OktaCheckOutcome>;
  /** Plans the Okta changes (GETs only) or, with the plan the admin confirmed, sends them, each answer streamed. */
  changeOkta(request: OktaChangeRequest, onResult: (r: WriteResult) => void): Promise<OktaChangeOutcome>;
  /** Shows (or, with the list the admin confirmed, sends) the undo of the profile's last change in Okta, each answer streamed. */
  undoOktaChange(request: OktaUndoRequest, onResult: (r: WriteResult) => void): Promise<OktaChangeOutcome>;
  /** In the practice Okta only: does a manual step (no API) as the admin would in Okta's console. */
  practiceConsole(step: string, appId: string | null): Promise<void>;
  /** Okta's assigned users and Loopio's side by side (GET only); tokens are never kept. */
  checkUsers(request: UsersCheckRequest): Promise<UsersCheckOutcome>;
}

export const tauriBackend: Backend = {
  getPlan: (input) => invoke<Plan>("get_plan", { input }),
  loadProgress: () => invoke<LoadedProgress>("load_progress"),
  saveProgress: (progress) => invoke<void>("save_progress", { progress }),
  copy: (text) => copyText(text),
  inspectToken: (token) => invoke<TokenCheck>("inspect_token", { token }),
  practiceTenant: () => invoke<[string, string]>("practice_tenant"),
  runConnectionTest: (request, onFinding) => {
    const channel = new Channel<Finding>();
    channel.onmessage = onFinding;
    return invoke<ConnectionTestOutcome>("run_connection_test", { request, onFinding: channel });
  },
  switchProfile: (name) => invoke<LoadedProgress>("switch_profile", { name }),
  discoverRoles: (request, onProgress) => {
    const channel = new Channel<DiscoveryProgress>();
    channel.onmessage = onProgress;
    return invoke<RoleDiscovery>("discover_roles", { request, onProgress: channel });
  },
  rolesView: (plan, known, seen) => invoke<RolesPlanView>("roles_view", { plan, known, seen }),
  tokenExpiry: (generatedOn) => invoke<Expiry>("token_expiry", { generatedOn }),
  rememberToken: (token) => invoke<void>("remember_token", { token }),
  forgetToken: () => invoke<void>("forget_token"),
  savedTokenStatus: () => invoke<boolean>("saved_token_status"),
  exportFile: (kind) => invoke<string | null>("export_file", { kind }),
  closeWindow: () => getCurrentWindow().close(),
  recordTest: (progress, test) => invoke<Progress>("record_test", { progress, test }),
  logFile: () => invoke<string | null>("log_file"),
  runRehearsal: (request, onFinding) => {
    const channel = new Channel<RehearsalFinding>();
    channel.onmessage = onFinding;
    return invoke<RehearsalOutcome>("run_rehearsal", { request, onFinding: channel });
  },
  savedTestOutcome: (test) => invoke<ConnectionTestOutcome>("saved_test_outcome", { test }),
  renameProfile: (from, to) => invoke<LoadedProgress>("rename_profile", { from, to }),
  deleteProfile: (name) => invoke<LoadedProgress>("delete_profile", { name }),
  checkOkta: (request) => invoke<OktaCheckOutcome>("check_okta", { request }),
  changeOkta: (request, onResult) => {
    const channel = new Channel<WriteResult>();
    channel.onmessage = onResult;
    return invoke<OktaChangeOutcome>("change_okta", { request, onResult: channel });
  },
  undoOktaChange: (request, onResult) => {
    const channel = new Channel<WriteResult>();
    channel.onmessage = onResult;
    return invoke<OktaChangeOutcome>("undo_okta_change", { request, onResult: channel });
  },
  practiceConsole: (step, appId) => invoke<void>("practice_console", { step, appId }),
  checkUsers: (request) => invoke<UsersCheckOutcome>("check_users", { request }),
};

/** Every command rejects with a `CommandError`: a stable `code` and a sentence for the admin. */
function asCommandError(e: unknown): CommandError | null {
  if (typeof e !== "object" || e === null) return null;
  const { code, message } = e as Partial<CommandError>;
  return typeof code === "string" && typeof message === "string" ? { code, message } : null;
}

/** The sentence to show for an error thrown by `invoke` (or by the UI itself). */
export function errorText(e: unknown): string {
  const command = asCommandError(e);
  if (command) return command.message;
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  return "Something went wrong talking to the app's backend.";
}

/** The stable code of a command's error (`keychain.unavailable`, ...), or null for others. */
export function errorCode(e: unknown): string | null {
  return asCommandError(e)?.code ?? null;
}

/**
 * Copies `text` with the webview's own clipboard: a copy button's click is a user gesture, which
 * is all WebKit asks for, so no clipboard plugin (and its X11/Wayland code) is needed. Falls back
 * to copying a selection where the async clipboard is not offered.
 */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator.clipboard?.writeText === "function") {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Refused (no focus, or not allowed): try the selection copy below.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.focus();
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("The clipboard is not available here: select the value and copy it by hand.");
}
