package org.carbonregistry.registry.label;

import org.carbonregistry.events.CreditLabels.Label;

import java.util.List;

/**
 * What a batch may know of the label vocabulary: the built-in labels and those registered so far. Fed by the
 * {@code LabelRegistered} events in the same transaction that stores them.
 */
public interface Labels {

    /** Where the vocabulary is listed, named in every refusal of an unknown label. */
    String LISTED_AT = "/api/labels";

    /** Whether a batch may be issued with {@code code} now. */
    boolean exists(String code);

    /** The built-in labels first, then the registered ones in the order they were registered. */
    List<Label> all();
}
