package org.carbonregistry.registry.label;

import java.util.UUID;

/** What a registration answers: the label and the event that put it in the log. */
public record LabelRegistration(String code, String description, UUID eventId) {
}
