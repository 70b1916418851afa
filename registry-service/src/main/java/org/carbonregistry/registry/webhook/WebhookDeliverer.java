package org.carbonregistry.registry.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends what is owed: one poller takes due deliveries from the table (as many as there are free senders) and the
 * senders POST them, each with a fresh timestamp and signature, then record the attempt. Woken right after the
 * fan-out commits, and otherwise every poll interval (for retries that come due, and work another instance left).
 * All state is in the table, so a restart resumes where it stopped; a delivery whose sender died mid-request is
 * sent again once its lease runs out (at least once).
 */
@Component
class WebhookDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    private final WebhookStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int concurrency;
    private final Duration requestTimeout;
    private final Duration pollInterval;
    private final Duration lease;
    private final HttpClient client;
    private final Semaphore freeSenders;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService senders;
    private Thread poller;

    WebhookDeliverer(WebhookStore store, ApplicationEventPublisher events, Clock clock,
                     @Value("${registry.webhook.concurrency:8}") int concurrency,
                     @Value("${registry.webhook.connect-timeout:5s}") Duration connectTimeout,
                     @Value("${registry.webhook.request-timeout:10s}") Duration requestTimeout,
                     @Value("${registry.webhook.poll-interval:1s}") Duration pollInterval) {
        if (concurrency < 1) {
            throw new IllegalStateException("REGISTRY_WEBHOOK_CONCURRENCY must be at least 1, was " + concurrency);
        }
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.concurrency = concurrency;
        this.requestTimeout = requestTimeout;
        this.pollInterval = pollInterval;
        // long enough that a sender still waiting for an answer keeps its delivery
        this.lease = connectTimeout.plus(requestTimeout).plusSeconds(30);
        this.freeSenders = new Semaphore(concurrency);
        // redirects are not followed: a 3xx is a failed delivery, as Standard Webhooks advises
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** New deliveries were committed: look now rather than at the next poll. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        senders = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        poller = new Thread(this::poll, "webhook-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        senders.shutdown();
        try {
            poller.join(5_000);
            senders.awaitTermination(requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                int free = freeSenders.availablePermits();
                List<WebhookStore.Claimed> claimed = free == 0 ? List.of() : store.claim(clock.instant(), free, lease);
                for (WebhookStore.Claimed delivery : claimed) {
                    freeSenders.acquire();
                    senders.execute(() -> {
                        try {
                            send(delivery);
                        } finally {
                            freeSenders.release();
                            wake();
                        }
                    });
                }
                if (claimed.size() < free || free == 0) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database may be briefly away; what is owed stays owed
                log.warn("webhook deliveries could not be claimed: {}", e.toString());
                sleep();
            }
        }
    }

    private void send(WebhookStore.Claimed delivery) {
        Instant attemptedAt = clock.instant();
        WebhookStore.Outcome outcome = post(delivery, attemptedAt);
        try {
            record(delivery.deliveryId(), attemptedAt, outcome);
        } catch (RuntimeException e) {
            // not recorded: the lease runs out and the delivery is sent again (at least once)
            log.warn("webhook delivery {} could not be recorded: {}", delivery.deliveryId(), e.toString());
        }
    }

    /** Records an attempt made at {@code attemptedAt}; announces the webhook's disabling if it caused one. */
    void record(String deliveryId, Instant attemptedAt, WebhookStore.Outcome outcome) {
        store.record(deliveryId, attemptedAt, outcome).ifPresent(this::disabled);
    }

    private WebhookStore.Outcome post(WebhookStore.Claimed delivery, Instant attemptedAt) {
        long timestamp = attemptedAt.getEpochSecond();
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "carbon-registry-webhooks")
                    .header("webhook-id", delivery.eventId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature",
                            WebhookSignature.sign(delivery.secret(), delivery.eventId(), timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new WebhookStore.Outcome(response.statusCode(), null, millisSince(started));
        } catch (IOException | RuntimeException e) {
            return new WebhookStore.Outcome(null, describe(e), millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookStore.Outcome(null, "interrupted while sending", millisSince(started));
        }
    }

    private void disabled(WebhookDisabled disabled) {
        log.warn("webhook {} disabled: every delivery failed since {} (last: {})", disabled.webhookId(),
                disabled.failingSince(), disabled.lastFailure());
        events.publishEvent(disabled);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); message == null && cause != null; cause = cause.getCause()) {
            message = cause.getMessage();
        }
        if (message == null && e instanceof ConnectException) {
            message = "could not connect"; // the JDK client says no more of a refused or unreachable address
        }
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
