package org.carbonregistry.ledger.sequencer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.storage.RegistryKeyStore;

/**
 * The registry keys whose signatures the sequencer accepts: {@code REGISTRY_VERIFIER_KEYS} when set; otherwise the
 * key pinned in the ledger database; otherwise {@code GET ${REGISTRY_URL}/api/registry-key}, once, pinned for every
 * later start (trust on first use, so a registry that is later impersonated cannot swap its key in). Until a key is
 * known nothing is appended and readiness names the reason.
 */
public final class TrustedRegistryKeys {

    /** Where the keys came from, for health and logs. */
    public enum Source { CONFIGURED, PINNED, UNRESOLVED }

    private final RegistryKeyStore store;
    private final URI keyUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private volatile EnvelopeVerifier current;
    private volatile Source source;
    private volatile String problem;

    private TrustedRegistryKeys(EnvelopeVerifier configured, RegistryKeyStore store, URI keyUrl, Duration timeout, Clock clock) {
        this.current = configured;
        this.source = configured == null ? Source.UNRESOLVED : Source.CONFIGURED;
        this.store = store;
        this.keyUrl = keyUrl;
        this.timeout = timeout;
        this.clock = clock;
        this.http = keyUrl == null ? null : HttpClient.newBuilder().connectTimeout(timeout).build();
        this.problem = configured == null ? "the registry key has not been resolved yet" : null;
    }

    /** Trusts exactly {@code verifier}. */
    public static TrustedRegistryKeys fixed(EnvelopeVerifier verifier) {
        return new TrustedRegistryKeys(verifier, null, null, null, null);
    }

    /**
     * @param configuredKeys comma-separated verifier keys ({@code REGISTRY_VERIFIER_KEYS}); blank to pin instead
     * @param registryUrl    the registry-service base URL ({@code REGISTRY_URL}), asked when nothing is pinned
     */
    public static TrustedRegistryKeys configure(String configuredKeys, RegistryKeyStore store, String registryUrl,
                                                Duration timeout, Clock clock) {
        EnvelopeVerifier configured = null;
        if (configuredKeys != null && !configuredKeys.isBlank()) {
            try {
                configured = EnvelopeVerifier.parse(configuredKeys);
            } catch (NoteException | IllegalArgumentException e) {
                throw new IllegalArgumentException("REGISTRY_VERIFIER_KEYS (ledger.registry.verifier-keys) is not a"
                        + " comma-separated list of Ed25519 note verifier keys: " + e.getMessage(), e);
            }
        }
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        return new TrustedRegistryKeys(configured, store, URI.create(base + "/api/registry-key"), timeout, clock);
    }

    /** The verifier, once resolved. */
    public Optional<EnvelopeVerifier> current() {
        return Optional.ofNullable(current);
    }

    public Source source() {
        return source;
    }

    /** Why there is no verifier yet, or null when there is one. */
    public String problem() {
        return problem;
    }

    /**
     * Resolves the keys (pinned, else fetched and pinned); throws {@link IllegalStateException} naming the reason
     * when that is not possible now. Call again later to retry.
     */
    public synchronized EnvelopeVerifier resolve() {
        if (current != null) {
            return current;
        }
        try {
            List<String> pinned = store.pinned();
            if (pinned.isEmpty()) {
                VerifierKey fetched = fetch();
                store.pin(fetched.keyIdHex(), fetched.encode(), keyUrl.toString(), clock.instant());
                pinned = store.pinned();
            }
            current = EnvelopeVerifier.parse(String.join(",", pinned));
            source = Source.PINNED;
            problem = null;
            return current;
        } catch (NoteException | IOException | RuntimeException e) {
            problem = "no trusted registry key: REGISTRY_VERIFIER_KEYS is not set, none is pinned in the ledger database,"
                    + " and fetching GET " + keyUrl + " failed (" + e.getMessage() + "); nothing is appended until"
                    + " one of them works";
            throw new IllegalStateException(problem, e);
        }
    }

    private VerifierKey fetch() throws IOException, NoteException {
        HttpRequest request = HttpRequest.newBuilder(keyUrl).timeout(timeout).header("Accept", "text/plain").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("answered " + response.statusCode());
        }
        VerifierKey key = VerifierKey.parse(response.body().strip());
        if (key.signatureType() != VerifierKey.TYPE_ED25519) {
            throw new IOException("the served key " + key.encode() + " is not an Ed25519 key");
        }
        return key;
    }
}
