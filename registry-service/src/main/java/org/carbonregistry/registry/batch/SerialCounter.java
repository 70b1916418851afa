package org.carbonregistry.registry.batch;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "serial_counter")
class SerialCounter {

    static final String REGISTRY = "registry";

    @Id
    private String name;
    private long nextSerial;

    protected SerialCounter() {
    }

    SerialCounter(String name, long nextSerial) {
        this.name = name;
        this.nextSerial = nextSerial;
    }

    long reserve(long quantity) {
        long first = nextSerial;
        nextSerial += quantity;
        return first;
    }
}
