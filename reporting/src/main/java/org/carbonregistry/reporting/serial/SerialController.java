package org.carbonregistry.reporting.serial;

import org.carbonregistry.access.KeyOptional;
import org.carbonregistry.access.AccessPolicy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/serials/{serial}}: one serial's whole history. Served by reporting because it already projects
 * every movement of every batch (issuances, transfers, retirements, cancellations with their serial blocks) together
 * with each event's id, which is what the proof link needs; registry-service keeps only current holdings, and the
 * ledger knows events but not what they mean. Public, with holders only for a key that may see them.
 */
@RestController
class SerialController {

    private final SerialHistories histories;
    private final AccessPolicy access;
    private final TransactionTemplate readOnly;

    SerialController(SerialHistories histories, AccessPolicy access, PlatformTransactionManager transactions) {
        this.histories = histories;
        this.access = access;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping(path = "/api/serials/{serial}", produces = MediaType.APPLICATION_JSON_VALUE)
    @KeyOptional
    SerialHistory serial(@PathVariable String serial,
                         @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        SerialReference reference = SerialReference.parse(serial);
        var caller = access.caller(authorization);
        // one transaction: the batch and its movements as of one commit of the consumer
        return readOnly.execute(status -> histories.of(reference, caller));
    }
}
