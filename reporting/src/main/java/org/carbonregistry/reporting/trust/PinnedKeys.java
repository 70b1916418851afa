package org.carbonregistry.reporting.trust;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keys fetched once and pinned in reporting's database ({@code rpt_pinned_keys}): trust on first use. A later start
 * uses the pinned key and never asks again, so a service that changes its key afterwards is not believed until an
 * operator deletes the pin (or configures the key).
 */
public class PinnedKeys {

    private final JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public PinnedKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> pinned(String purpose) {
        return jdbc.query("SELECT verifier_key FROM rpt_pinned_keys WHERE purpose = ?",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty(), purpose);
    }

    /**
     * The pinned key for {@code purpose}; if there is none, fetches it from {@code url} (text/plain verifier key),
     * pins it if {@code valid} accepts it, and returns it.
     */
    public synchronized String pinnedOrFetched(String purpose, URI url, Predicate<String> valid) throws KeyUnavailable {
        Optional<String> pinned = pinned(purpose);
        if (pinned.isPresent()) {
            return pinned.get();
        }
        String fetched = fetch(url).strip();
        if (!valid.test(fetched)) {
            throw new KeyUnavailable(url + " did not answer with an Ed25519 note verifier key");
        }
        try {
            jdbc.update("INSERT INTO rpt_pinned_keys (purpose, verifier_key, fetched_from, pinned_at) VALUES (?,?,?,?)",
                    purpose, fetched, url.toString(), Timestamp.from(Instant.now()));
        } catch (DataIntegrityViolationException pinnedMeanwhile) {
            // Another instance on the same database pinned first: its pin is the one.
        }
        return pinned(purpose).orElse(fetched);
    }

    private String fetch(URI url) throws KeyUnavailable {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeyUnavailable(url + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyUnavailable("interrupted while fetching " + url);
        }
        if (response.statusCode() != 200) {
            throw new KeyUnavailable(url + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** A key that is neither configured nor pinned and cannot be fetched now. */
    public static final class KeyUnavailable extends RuntimeException {
        public KeyUnavailable(String message) {
            super(message);
        }
    }
}
