package org.carbonregistry.registry.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.carbonregistry.events.CanonicalJson;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.registry.batch.RetirementPersonalDataStore;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Set;

/**
 * Turns each stored event into the deliveries owed to the webhooks that want it. A tracking processor over the
 * event store: the deliveries are written in the transaction that moves its token, so a crash neither loses nor
 * doubles one, and nothing depends on Kafka being up.
 *
 * <p>{@code data} is the event's own JSON, as on the log. A retirement's beneficiary and purpose are added only for
 * the retiring account's own hooks, read from the registry's table when the event is handled (so text erased by
 * then is never sent); registry-wide hooks and other accounts' hooks get the commitments alone.
 */
@Component
@ProcessingGroup(WebhookFanOut.PROCESSING_GROUP)
class WebhookFanOut {

    static final String PROCESSING_GROUP = "webhooks";

    private final WebhookStore store;
    private final EventAccounts accounts;
    private final RetirementPersonalDataStore personalData;
    private final WebhookDeliverer deliverer;
    private final Clock clock;

    WebhookFanOut(WebhookStore store, EventAccounts accounts, RetirementPersonalDataStore personalData,
                  WebhookDeliverer deliverer, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.personalData = personalData;
        this.deliverer = deliverer;
        this.clock = clock;
    }

    @EventHandler
    void on(RegistryEvent event) {
        String type = EventJson.typeOf(event);
        Set<String> touched = accounts.of(event);
        var hooks = store.activeFor(touched, type, event.occurredAt());
        if (hooks.isEmpty()) {
            return;
        }
        String publicBody = null;
        for (WebhookRecord hook : hooks) {
            String body;
            if (!hook.registryWide() && event instanceof CreditsRetired retired && hook.accountId().equals(retired.account())) {
                body = body(event, true);
            } else {
                body = publicBody != null ? publicBody : (publicBody = body(event, false));
            }
            store.owe(new DeliveryRecord(hook.webhookId(), event.eventId().toString(), type,
                    EventJson.eventTime(event.occurredAt()), body, clock.instant()));
        }
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> deliverer.wake()));
    }

    /** {@code {"type","eventId","occurredAt","data"}} in canonical JSON. */
    private String body(RegistryEvent event, boolean withPersonalData) {
        ObjectNode data = (ObjectNode) EventJson.toTree(event);
        if (withPersonalData && event instanceof CreditsRetired retired) {
            personalData.find(retired.retirementId()).ifPresent(text -> {
                data.put("beneficiary", text.beneficiary());
                data.put("purpose", text.purpose());
            });
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", EventJson.typeOf(event));
        body.put("eventId", event.eventId().toString());
        body.put("occurredAt", EventJson.INSTANT_FORMAT.format(event.occurredAt()));
        body.set("data", data);
        return CanonicalJson.toCanonicalString(body);
    }
}
