// The connection test's state, apart from its drawing: the target chosen, the profile
// environment it follows, whether a run is under way, whether a result is on screen (and for
// which token and target), and whether a token is saved in the keychain. No DOM here. The token
// itself is not kept: it lives only in its input field and in the call.
import type { Environment } from "./bindings/Environment";
import type { TestTargetKind } from "./bindings/TestTargetKind";

/** Where to send requests and with which token: shared with role discovery and the rehearsal. */
export interface TargetChoice {
  target: TestTargetKind;
  base_url: string;
  token: string;
  use_saved_token: boolean;
  resolve: string[];
  ca_file: string;
}

/** What the admin typed in the panel, as read from its fields when needed. */
export interface TargetFields {
  token: string;
  baseUrl: string;
  resolve: string;
  caFile: string;
}

export class ConnectionState {
  private target_: TestTargetKind;
  /** The profile's environment the target last followed (see `follow`). */
  private followed: Environment;
  private running_ = false;
  /** Bumped whenever the token or target changes: a result from before is for something else. */
  private generation = 0;
  /** A verdict is on screen (so a change has something to clear). */
  private showingResult_ = false;
  /** A token for this profile is in the keychain. */
  savedToken = false;

  constructor(environment: Environment) {
    this.target_ = environment;
    this.followed = environment;
  }

  get target(): TestTargetKind {
    return this.target_;
  }

  get running(): boolean {
    return this.running_;
  }

  get showingResult(): boolean {
    return this.showingResult_;
  }

  choose(target: TestTargetKind): void {
    this.target_ = target;
  }

  /**
   * The profile's environment is `env` now: a target that followed the previous one moves along.
   * Returns whether it moved (the caller then shows it and clears the result).
   */
  follow(env: Environment): boolean {
    if (env === this.followed) return false;
    const moves = this.target_ === this.followed;
    if (moves) this.target_ = env;
    this.followed = env;
    return moves;
  }

  /** The token or target changed: returns whether a result on screen is now stale. */
  invalidate(): boolean {
    this.generation++;
    if (!this.showingResult_) return false;
    this.showingResult_ = false;
    return true;
  }

  /** A mark to tell later whether the token or target changed since (see `unchangedSince`). */
  mark(): number {
    return this.generation;
  }

  unchangedSince(mark: number): boolean {
    return mark === this.generation;
  }

  /** A saved result may be shown: nothing ran, showed or changed since it was asked for. */
  mayRestore(mark: number): boolean {
    return !this.running_ && !this.showingResult_ && this.unchangedSince(mark);
  }

  /** Something (a run, a restored result, a stale note) is on screen now. */
  showing(): void {
    this.showingResult_ = true;
  }

  /** Starts a run: false when one is under way already. */
  begin(): boolean {
    if (this.running_) return false;
    this.running_ = true;
    this.showingResult_ = true;
    return true;
  }

  finish(): void {
    this.running_ = false;
  }

  /** The target and token the admin has chosen: a custom base URL wins over the choice. */
  choice(fields: TargetFields): TargetChoice {
    const custom = fields.baseUrl.trim();
    return {
      target: custom !== "" ? "custom" : this.target_,
      base_url: custom,
      token: fields.token,
      use_saved_token: fields.token === "" && this.savedToken,
      resolve: fields.resolve.split("\n"),
      ca_file: fields.caFile,
    };
  }
}
