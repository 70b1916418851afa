package org.carbonregistry.registry.webhook;

import java.time.Instant;

/**
 * A webhook failed every delivery attempt for the disable period and was disabled. A fact of this registry-service
 * only (a Spring application event, logged, and shown by {@code GET /api/webhooks}): subscriptions are not registry
 * state, so it never goes on the signed log, and it carries neither the URL nor the secret.
 *
 * @param accountId null for a registry-wide webhook
 */
public record WebhookDisabled(String webhookId, String accountId, Instant failingSince, Instant disabledAt,
                              String lastFailure) {
}
