package org.carbonregistry.registry.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one row that orders changes of the active hooks against the fan-out's reading of them. A subscription, a
 * re-enabling or a deletion locks it before it takes its moment and holds it until it commits; the fan-out locks it
 * before it reads the hooks for a batch. So a batch never reads the hooks between a change's moment and its commit:
 * it reads them before the moment (then none of its events, all committed before it read, occurred after the
 * moment) or after the commit (then it sees the change).
 */
@Entity
@Table(name = "webhook_gate")
class WebhookGate {

    static final int ID = 1;

    @Id
    private int id;

    protected WebhookGate() {
    }

    static WebhookGate create() {
        WebhookGate gate = new WebhookGate();
        gate.id = ID;
        return gate;
    }
}
