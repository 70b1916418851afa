package org.carbonregistry.reporting.projection;

import org.springframework.web.bind.annotation.ResponseStatus;
import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/admin/replay}: empties the projection and rebuilds it from offset 0 of the topic. Answers 202 once
 * the projection has been emptied; {@code GET /api/status} shows the rebuild catching up (lag falling to 0).
 */
@RestController
class ReplayController {

    private final AccessPolicy access;
    private final ObjectProvider<RegistryEventsConsumer> consumer;

    ReplayController(AccessPolicy access, ObjectProvider<RegistryEventsConsumer> consumer) {
        this.access = access;
        this.consumer = consumer;
    }

    /** {@code status}: where to watch the replay. */
    record ReplayStarted(String replay, String startedAt, String status) {
    }

    @PostMapping("/api/admin/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<ReplayStarted> replay(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.requireAdmin(authorization, "a replay");
        RegistryEventsConsumer running = consumer.getIfAvailable();
        if (running == null) {
            throw Problems.unavailable("this instance does not consume registry.events (reporting.kafka.consume=false)");
        }
        Instant started;
        try {
            started = running.requestReplay().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw Problems.unavailable("the consumer has not started the replay within 30 s; it will when it can: see /api/status");
        } catch (ExecutionException e) {
            throw Problems.unavailable("the replay could not start: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.unavailable("interrupted");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayStarted("started", started.toString(), "/api/status"));
    }
}
