package org.carbonregistry.registry.webhook;

import java.time.Instant;

/**
 * A disabled webhook was re-enabled by its owner: the counterpart of {@link WebhookDisabled}, a fact of this
 * registry-service only (a Spring application event, logged), with neither the URL nor the secret.
 *
 * @param accountId   null for a registry-wide webhook
 * @param wasDisabled when it had been disabled
 * @param keyId       the API key that re-enabled it
 */
public record WebhookReenabled(String webhookId, String accountId, Instant wasDisabled, Instant reenabledAt,
                               String keyId) {
}
