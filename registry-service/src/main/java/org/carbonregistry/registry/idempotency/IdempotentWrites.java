package org.carbonregistry.registry.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.rules.CommandRefused;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Runs a write so that a retry with the same {@code Idempotency-Key} and body gets the first answer and
 * changes nothing, and the same key with another body is refused. The key's record, the command's events and
 * the views commit in one transaction: an answer is stored exactly when the write happened.
 */
@Component
public class IdempotentWrites {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    IdempotentWrites(EntityManager entityManager, PlatformTransactionManager transactionManager,
                     ObjectMapper objectMapper, Clock clock) {
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * @param operation names the endpoint and its path variables, so one key cannot be replayed elsewhere
     * @param request   the parsed request body
     * @param write     performs the write and returns the response body
     */
    public ResponseEntity<JsonNode> create(Caller caller, String idempotencyKey, String operation, Object request,
                                           Supplier<Object> write) {
        if (idempotencyKey == null) {
            return transactions.execute(status -> respond(HttpStatus.CREATED, toJson(write.get()), false));
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw CommandRefused.invalid(HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String id = caller.accountId() + ":" + idempotencyKey;
        String requestHash = sha256(operation + "\n" + toJson(request));
        try {
            return transactions.execute(status -> {
                IdempotencyRecord earlier = entityManager.find(IdempotencyRecord.class, id);
                if (earlier != null) {
                    return replay(earlier, requestHash);
                }
                IdempotencyRecord record = new IdempotencyRecord(id, requestHash, clock.instant());
                entityManager.persist(record);
                // Claim the key now: a concurrent twin waits here and then finds the stored answer.
                entityManager.flush();
                JsonNode body = toJson(write.get());
                record.answered(HttpStatus.CREATED.value(), body.toString());
                return respond(HttpStatus.CREATED, body, false);
            });
        } catch (DataIntegrityViolationException | PersistenceException raced) {
            return transactions.execute(status -> {
                IdempotencyRecord earlier = entityManager.find(IdempotencyRecord.class, id);
                if (earlier == null) {
                    throw raced;
                }
                return replay(earlier, requestHash);
            });
        }
    }

    private ResponseEntity<JsonNode> replay(IdempotencyRecord earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw CommandRefused.unprocessable(HEADER + " was already used for a different request; "
                    + "use a new key for a new request");
        }
        try {
            return respond(HttpStatus.valueOf(earlier.status()), objectMapper.readTree(earlier.responseBody()), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent response is not JSON", e);
        }
    }

    private static ResponseEntity<JsonNode> respond(HttpStatus status, JsonNode body, boolean replayed) {
        return ResponseEntity.status(status).header(REPLAYED_HEADER, Boolean.toString(replayed)).body(body);
    }

    private JsonNode toJson(Object value) {
        return objectMapper.valueToTree(value);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
