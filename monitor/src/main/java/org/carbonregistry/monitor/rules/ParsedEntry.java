package org.carbonregistry.monitor.rules;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.RegistryEvent;

/**
 * An entry read as the rules need it: its envelope and event, or why either cannot be read. Reading depends on the
 * bytes alone, so the monitor reads entries on its fetching threads and only {@link RegistryState#apply} keeps leaf
 * order.
 *
 * @param envelope   null when the entry is not a canonical envelope ({@code malformed} says why)
 * @param event      null when the envelope's payload is not an event the rules know ({@code unreadable} says why)
 */
public record ParsedEntry(EventEnvelope envelope, String malformed, RegistryEvent event, String unreadable) {

    public static ParsedEntry of(byte[] entry) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.fromCanonicalBytes(entry);
        } catch (IllegalArgumentException e) {
            return new ParsedEntry(null, e.getMessage(), null, null);
        }
        try {
            return new ParsedEntry(envelope, null, envelope.event(), null);
        } catch (IllegalArgumentException e) {
            return new ParsedEntry(envelope, null, null, e.getMessage());
        }
    }
}
