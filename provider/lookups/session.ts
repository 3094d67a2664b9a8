/**
 * The settings and Atlas clients of one front door's process: resolved once from a config
 * source and the environment, one client per API version, and the settings' warnings kept until
 * the next lookup reports them. The dynamic provider, the Node SDK's in-program lookups (one per
 * account each, {@link AccountSessions}) and the `atlasflex` plugin hold them.
 */
import { AtlasClient } from "../atlas/client";
import type { ApiVersion } from "../atlas/refs";
import {
  EMPTY_CONFIG,
  providerPropertiesScope,
  resolveScopedSettings,
  stackConfigScope,
  type ResolvedSettings,
  type SettingsScope,
} from "../atlas/settings";

/** Settings, clients and pending warnings of one process; see the module comment. */
export class LookupSession {
  private settings: ResolvedSettings | undefined;
  private settingsError: unknown;
  private readonly clients = new Map<string, AtlasClient>();
  private readonly pendingWarnings: string[] = [];

  /**
   * @param env - the environment to read credentials from.
   * @param namespace - the stack config namespace read when nothing configured the session.
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly namespace: string,
  ) {}

  /** Whether {@link configure} has run. */
  get configured(): boolean {
    return this.settings !== undefined || this.settingsError !== undefined;
  }

  /**
   * Resolves the settings from `scope` (the stack config, or a provider's properties) and the
   * environment. A configuration error is kept and thrown by {@link client}, so that a lookup
   * reports it after its arguments are validated.
   */
  configure(scope: SettingsScope): void {
    try {
      this.settings = resolveScopedSettings(scope, this.env);
      this.settingsError = undefined;
      this.pendingWarnings.push(...this.settings.warnings);
    } catch (error) {
      this.settings = undefined;
      this.settingsError = error;
    }
    this.clients.clear();
  }

  /** The client for `apiVersion`; configures from the environment alone if nothing did before. */
  client(apiVersion: ApiVersion | undefined): AtlasClient {
    if (!this.configured) this.configure(stackConfigScope(EMPTY_CONFIG, this.namespace));
    if (!this.settings) throw this.settingsError;
    const key = apiVersion ?? "";
    let client = this.clients.get(key);
    if (!client) {
      client = AtlasClient.fromSettings(this.settings, {
        apiVersion,
        onWarning: (message) => this.pendingWarnings.push(message),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** A lookup's warnings, preceded by the session's own not yet reported. */
  takeWarnings(own: readonly string[]): string[] {
    return [...this.pendingWarnings.splice(0), ...own];
  }
}

/**
 * An explicit provider's account, as the Node SDK's `Provider` carries it: the provider's name
 * and its properties (`clientId`, …).
 */
export interface LookupAccount {
  readonly provider: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * The sessions of one process: the default account's, which its front door configures, and one
 * per explicit provider's account, configured from that provider's properties (then the
 * environment; never the stack config). Each has its own clients, so tokens, their revocation
 * and Digest nonces are never shared between accounts.
 */
export class AccountSessions {
  /** The default account's session. */
  readonly default: LookupSession;
  private readonly accounts = new Map<string, LookupSession>();

  /** See {@link LookupSession}'s parameters. */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly namespace: string,
  ) {
    this.default = new LookupSession(env, namespace);
  }

  /** The session of `account`; the default one without an account. */
  of(account: LookupAccount | undefined): LookupSession {
    if (account === undefined) return this.default;
    // In memory only: the key holds the account's secrets, as the session itself does.
    const key = JSON.stringify([account.provider, Object.entries(account.properties).sort()]);
    let session = this.accounts.get(key);
    if (session === undefined) {
      session = new LookupSession(this.env, this.namespace);
      session.configure(providerPropertiesScope(account.provider, account.properties));
      this.accounts.set(key, session);
    }
    return session;
  }
}
