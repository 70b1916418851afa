package org.carbonregistry.reporting.projection;

/**
 * A unit of work was refused because the stored offset of one of its partitions is no longer the one the unit started
 * from: another instance took the partition over (or a replay emptied the projection) while this one was paused. The
 * transaction is rolled back; the writer forgets what it cached and positions itself from the database again.
 */
public class StaleWriterException extends RuntimeException {

    private final int partition;

    public StaleWriterException(String topic, int partition, Long expected, Throwable cause) {
        super(topic + " partition " + partition + ": the stored offset is no longer "
                + (expected == null ? "absent" : expected) + "; another writer applied it", cause);
        this.partition = partition;
    }

    public int partition() {
        return partition;
    }
}
