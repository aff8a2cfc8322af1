import type { Configuration } from '../../../../libs/configuration/src/configuration.js';
import type { TokenPolicy } from '../../../../libs/identity/src/tokens.js';

/** The token rules of this deployment (AUTH_MAX_TOKEN_LIFETIME). */
export function tokenPolicyOf(configuration: Configuration): TokenPolicy {
  return configuration.maxTokenLifetimeSeconds ? { maxLifetimeSeconds: configuration.maxTokenLifetimeSeconds } : {};
}
