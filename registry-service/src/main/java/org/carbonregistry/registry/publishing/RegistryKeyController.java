package org.carbonregistry.registry.publishing;

import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The note verifier key that checks the signature on every envelope the registry publishes. Public. */
@RestController
class RegistryKeyController {

    private final String verifierKey;

    RegistryKeyController(EnvelopeSigner signer) {
        this.verifierKey = signer.verifierKey().encode();
    }

    @GetMapping(path = "/api/registry-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String registryKey() {
        return verifierKey;
    }
}
