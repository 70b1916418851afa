package org.carbonregistry.registry.webhook;

import org.carbonregistry.events.EventJson;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.idempotency.IdempotencyStore;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.idempotency.Replayed;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Who may subscribe to what. An administrator's key subscribes registry-wide; an account holder's key for its own
 * account only. A webhook is managed by keys of the account it belongs to (administrators: registry-wide hooks and
 * any other); to any other key it does not exist (404), so ids reveal nothing.
 */
@Component
class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final WebhookStore store;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Webhooks(WebhookStore store, IdempotencyStore idempotency, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.idempotency = idempotency;
        this.clock = clock;
        this.events = events;
    }

    /**
     * With an {@code Idempotency-Key} ({@code request} not null), the same request again answers the hook it created,
     * secret included, as every write of the registry answers its first result again. What is stored with the key is
     * the webhook's id only: the secret stays in the hook's row alone (it must be kept there to sign deliveries), and
     * goes when the hook is deleted; a retry after that is refused. Keys are scoped to the acting account, and a
     * replay is answered only to a key that may have webhooks, of the role that created the hook (as for every
     * write, {@link IdempotencyStore}), and that sees it, so it shows the secret to no key that could not have
     * created the hook.
     */
    @Transactional
    public Sent<WebhookRecord> subscribe(Caller caller, String url, List<String> eventTypes, IdempotentRequest request) {
        String scope = scopeOf(caller); // first: a key that may not have hooks is refused, never handed a replay
        if (request == null) {
            return new Sent<>(create(scope, url, eventTypes), false);
        }
        Object answer = idempotency.answer(caller.actor(), request,
                () -> create(scope, url, eventTypes).webhookId());
        if (answer instanceof Replayed replayed) {
            String webhookId = (String) replayed.result();
            return new Sent<>(store.find(webhookId).filter(w -> visibleTo(caller, w))
                    .orElseThrow(() -> CommandRefused.conflict("webhook " + webhookId + " was created with this "
                            + IdempotentRequest.HEADER + " and has been deleted since; use a new key for a new"
                            + " subscription")), true);
        }
        return new Sent<>(store.find((String) answer).orElseThrow(), false);
    }

    private WebhookRecord create(String scope, String url, List<String> eventTypes) {
        String checked = checkedUrl(url);
        List<String> types = checkedTypes(eventTypes);
        store.holdGate();
        WebhookRecord webhook = new WebhookRecord(UUID.randomUUID().toString(), scope, checked,
                WebhookSignature.newSecret(), types, moment());
        store.save(webhook);
        return webhook;
    }

    @Transactional(readOnly = true)
    public WebhookRecord webhook(Caller caller, String webhookId) {
        return find(caller, webhookId);
    }

    @Transactional(readOnly = true)
    public List<WebhookRecord> own(Caller caller) {
        return store.ownedBy(scopeOf(caller));
    }

    @Transactional(readOnly = true)
    public List<WebhookStore.DeliveryLog> deliveries(Caller caller, String webhookId, int limit) {
        return store.deliveries(find(caller, webhookId).webhookId(), limit);
    }

    /**
     * Makes a disabled hook active again, with its id, URL, secret and event types, and its failures forgotten. It
     * is owed the events that occur from now on. An active hook is answered as it is: re-enabling is idempotent,
     * so a retry after a lost answer, or two owners at once, do no harm (the row lock makes one of them the one
     * that re-enables, and announces it).
     */
    @Transactional
    public WebhookRecord reenable(Caller caller, String webhookId) {
        store.holdGate(); // before the hook's row, as a deletion takes them
        WebhookRecord webhook = store.lock(webhookId).filter(w -> visibleTo(caller, w))
                .orElseThrow(() -> notFound(webhookId));
        Instant wasDisabled = webhook.disabledAt();
        if (webhook.status() == WebhookRecord.Status.DISABLED && webhook.reenable(moment())) {
            store.giveUp(webhook.webhookId(), webhook.reenabledAt());
            WebhookReenabled reenabled = new WebhookReenabled(webhook.webhookId(), webhook.accountId(), wasDisabled,
                    webhook.reenabledAt(), caller.keyId());
            // announced once it is so: a rollback re-enabled nothing
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    log.info("webhook {} re-enabled with key {} (disabled at {})", reenabled.webhookId(),
                            reenabled.keyId(), reenabled.wasDisabled());
                    events.publishEvent(reenabled);
                }
            });
        }
        return webhook;
    }

    @Transactional
    public void delete(Caller caller, String webhookId) {
        store.holdGate(); // a batch that read the hook has written what it owed it, and is deleted with it
        store.delete(find(caller, webhookId));
    }

    /**
     * The moment from which a hook being subscribed or re-enabled is owed events: those whose {@code occurredAt} is
     * at or after it. Events carry milliseconds, so the moment is a millisecond too: the one after now, and the
     * change waits until the clock has reached it. An event stamped before this call is therefore not owed (its
     * time is now's millisecond at most), and one stamped after the change commits is. The caller holds the gate,
     * and keeps it until it commits: no fan-out batch reads the hooks between this moment and the commit,
     * so an event that occurs in between and is fanned out before the commit is not missed (see
     * {@link WebhookStore#holdGate()}).
     */
    private Instant moment() {
        Instant now = clock.instant();
        Instant moment = EventJson.eventTime(now).plusMillis(1);
        long until = System.nanoTime() + Duration.between(now, moment).toNanos();
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left); // under a millisecond
        }
        return moment;
    }

    private WebhookRecord find(Caller caller, String webhookId) {
        return store.find(webhookId)
                .filter(w -> visibleTo(caller, w))
                .orElseThrow(() -> notFound(webhookId));
    }

    private static CommandRefused notFound(String webhookId) {
        return CommandRefused.notFound("no webhook " + webhookId + " for this key's account");
    }

    private static boolean visibleTo(Caller caller, WebhookRecord webhook) {
        return caller.role() == Role.REGISTRY_ADMIN
                || (caller.role() == Role.ACCOUNT_HOLDER && caller.accountId().equals(webhook.accountId()));
    }

    /** The account whose events the caller's hooks see; null: all (registry-wide). */
    private static String scopeOf(Caller caller) {
        return switch (caller.role()) {
            case REGISTRY_ADMIN -> null;
            case ACCOUNT_HOLDER -> caller.accountId();
            default -> throw CommandRefused.forbidden("only an administrator's key (registry-wide) or an account"
                    + " holder's key (its own account) has webhooks");
        };
    }

    private static String checkedUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CommandRefused.unprocessable("url '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            throw CommandRefused.unprocessable("url '" + url + "' must be an absolute http or https URL with a host,"
                    + " e.g. https://example.com/hooks/registry");
        }
        if (uri.getRawUserInfo() != null) {
            throw CommandRefused.unprocessable("url '" + url + "' must not carry a user name or password;"
                    + " deliveries are authenticated by their signature");
        }
        return uri.toString();
    }

    private static List<String> checkedTypes(List<String> eventTypes) {
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String type : eventTypes) {
            try {
                EventJson.classOf(type);
            } catch (IllegalArgumentException unknown) {
                throw CommandRefused.unprocessable("unknown event type '" + type + "'; event types are the registry's"
                        + " event names, e.g. CreditsIssued, CreditsTransferred, CreditsRetired");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }
}
