package org.carbonregistry.registry.batch;

import org.carbonregistry.events.SerialBlock;

import java.util.List;

/** A serial block as callers see it: both ends, its size, and the readable serial range. */
record SerialBlockResponse(long first, long last, long quantity, String serials) {

    static List<SerialBlockResponse> of(String serialPrefix, List<SerialBlock> blocks) {
        return blocks.stream()
                .map(b -> new SerialBlockResponse(b.first(), b.last(), b.quantity(), b.label(serialPrefix)))
                .toList();
    }
}
