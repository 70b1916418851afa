package org.carbonregistry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How an event leaves the registry: the Kafka record value, and exactly the bytes the ledger hashes
 * (in their RFC 8785 canonical form).
 *
 * @param sequence the aggregate's event sequence number, from 0
 * @param actor    the account on whose authority the event happened
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        String aggregateId,
        long sequence,
        Instant occurredAt,
        String actor,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
    }

    public static EventEnvelope of(RegistryEvent event, String aggregateId, long sequence, String actor) {
        return new EventEnvelope(event.eventId(), EventJson.typeOf(event), aggregateId, sequence,
                EventJson.eventTime(event.occurredAt()), actor, EventJson.toTree(event));
    }

    /** The canonical (RFC 8785) UTF-8 bytes: what Kafka carries and what the ledger's leaf hash covers. */
    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalize(EventJson.mapper().valueToTree(this));
    }

    public RegistryEvent event() {
        return EventJson.fromTree(type, payload);
    }

    /**
     * Reads an envelope and insists that the bytes were already canonical, so that what a consumer stores
     * is byte for byte what it received and what anyone else can recompute.
     */
    public static EventEnvelope fromCanonicalBytes(byte[] bytes) {
        JsonNode tree;
        try {
            tree = CanonicalJson.parseCanonical(bytes);
        } catch (IllegalArgumentException notCanonical) {
            throw new IllegalArgumentException("envelope is not canonical RFC 8785 JSON", notCanonical);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new IllegalArgumentException("envelope is not a JSON object");
        }
        try {
            return EventJson.mapper().treeToValue(tree, EventEnvelope.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("envelope is not valid JSON: " + e.getMessage(), e);
        }
    }
}
