package org.carbonregistry.registry.label;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.events.CreditLabels.Label;

import java.time.Instant;

@Entity
@Table(name = "label_vocabulary")
class LabelRecord {

    @Id
    private String code;
    private String description;
    private Instant registeredAt;

    protected LabelRecord() {
    }

    LabelRecord(String code, String description, Instant registeredAt) {
        this.code = code;
        this.description = description;
        this.registeredAt = registeredAt;
    }

    Label toLabel() {
        return new Label(code, description);
    }
}
