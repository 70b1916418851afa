package org.carbonregistry.registry.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.registry.idempotency.IdempotencyStore;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.idempotency.Replayed;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;


/**
 * Sends a command and waits for it; a refusal comes back as the exception the rule threw. Decisions taken on a stale
 * cached aggregate are taken again by the command bus ({@code commandqueue}), for every caller.
 */
@Component
public class RegistryCommands {

    private final CommandGateway gateway;
    private final ObjectMapper objectMapper;

    RegistryCommands(CommandGateway gateway, ObjectMapper objectMapper) {
        this.gateway = gateway;
        this.objectMapper = objectMapper;
    }

    /**
     * Describes a write for {@code Idempotency-Key} purposes; null when no key was sent. A retirement's personal
     * data ({@link RetirementPersonalData#FIELDS}) is hashed apart from the rest, so that erasure can delete its hash.
     */
    public IdempotentRequest idempotent(String key, String operation, Object body) {
        if (key == null) {
            return null;
        }
        JsonNode tree = objectMapper.valueToTree(body);
        ObjectNode personalData = objectMapper.createObjectNode();
        if (tree instanceof ObjectNode fields) {
            for (String field : RetirementPersonalData.FIELDS) {
                JsonNode value = fields.remove(field);
                if (value != null && !value.isNull()) {
                    personalData.set(field, value);
                }
            }
        }
        try {
            return IdempotentRequest.of(key, operation, objectMapper.writeValueAsString(tree),
                    personalData.isEmpty() ? null : objectMapper.writeValueAsString(personalData));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a command answered, and whether the answer was handed back from an earlier, identical request. */
    public record Sent<R>(R result, boolean replayed) {

        public <B> ResponseEntity<B> created(B body) {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .header(IdempotentRequest.REPLAYED_HEADER, Boolean.toString(replayed))
                    .body(body);
        }
    }

    public <R> R send(Object command) {
        return this.<R>send(command, null).result();
    }

    @SuppressWarnings("unchecked")
    public <R> Sent<R> send(Object command, IdempotentRequest idempotency) {
        var plain = GenericCommandMessage.asCommandMessage(command);
        var message = idempotency == null ? plain : plain.andMetaData(idempotency.metadata());
        Object result = IdempotencyStore.onceTheTwinIsDone(() -> dispatch(message));
        return result instanceof Replayed replayed
                ? new Sent<>((R) replayed.result(), true)
                : new Sent<>((R) result, false);
    }

    private Object dispatch(Object message) {
        try {
            return gateway.sendAndWait(message);
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
