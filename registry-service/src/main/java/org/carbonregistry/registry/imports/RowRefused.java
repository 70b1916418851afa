package org.carbonregistry.registry.imports;

/** A row that cannot be imported, and why; the rest of the file goes on. */
class RowRefused extends RuntimeException {

    RowRefused(String reason) {
        super(reason, null, false, false);
    }
}
