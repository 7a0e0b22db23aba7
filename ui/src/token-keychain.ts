// The connection test's "Remember this token" box: saving the token in the OS keychain (never in
// a file), forgetting it, and saying what the keychain holds for the open profile.
import { errorText, type Backend } from "./api";
import type { ConnectionState } from "./connection-state";
import { keychainProblem } from "./connection-view";
import { fill, h } from "./dom";

export interface TokenKeychainContext {
  /** The admin asked to remember the token (saved in progress). */
  remembered: () => boolean;
  onChange: (remember: boolean) => void;
}

export class TokenKeychain {
  /** The box and its status line, in the token's field. */
  readonly parts: HTMLElement[];
  private readonly remember = h("input", { type: "checkbox", id: "remember-token" });
  private readonly status = h("div", { id: "keychain-status", class: "detail", "aria-live": "polite" });

  constructor(
    private readonly backend: Backend,
    /** Where whether a token is saved is kept (the test can then use it). */
    private readonly state: ConnectionState,
    private readonly ctx: TokenKeychainContext,
  ) {
    this.parts = [
      h("div", { class: "remember" }, this.remember, h("label", { for: "remember-token" }, "Remember this token on this computer (in the system keychain, never in a file)")),
      this.status,
    ];
  }

  /** Shows the saved choice and, when remembered, what the keychain holds. */
  start(): void {
    this.remember.checked = this.ctx.remembered();
    this.remember.addEventListener("change", () => void this.changed());
  }

  /** Asks the keychain whether it holds a token for the profile (when the admin asked to remember). */
  refresh(): void {
    if (this.ctx.remembered()) void this.read();
  }

  /** The box is ticked: save the token after a run. */
  get wanted(): boolean {
    return this.remember.checked;
  }

  async save(token: string): Promise<void> {
    try {
      await this.backend.rememberToken(token);
      this.state.savedToken = true;
      fill(this.status, "Saved in this computer's keychain.");
    } catch (e) {
      this.remember.checked = false;
      this.ctx.onChange(false);
      fill(this.status, keychainProblem(e));
    }
  }

  private async read(): Promise<void> {
    try {
      this.state.savedToken = await this.backend.savedTokenStatus();
    } catch (e) {
      this.state.savedToken = false;
      fill(this.status, keychainProblem(e));
      return;
    }
    if (!this.state.savedToken) {
      fill(this.status);
      return;
    }
    const forget = h("button", { type: "button", class: "link", id: "forget-token" }, "Forget it");
    forget.addEventListener("click", () => void this.forget());
    fill(this.status, "A token for this profile is saved in the keychain: leave the field empty to use it. ", forget);
  }

  private async forget(): Promise<void> {
    try {
      await this.backend.forgetToken();
      this.remember.checked = false;
      this.ctx.onChange(false);
      this.state.savedToken = false;
      fill(this.status, "The saved token was removed from the keychain.");
    } catch (e) {
      fill(this.status, errorText(e));
    }
  }

  private async changed(): Promise<void> {
    if (!this.remember.checked) {
      await this.forget();
      return;
    }
    this.ctx.onChange(true);
    fill(this.status, "The token will be saved in the keychain when you run the test.");
  }
}
