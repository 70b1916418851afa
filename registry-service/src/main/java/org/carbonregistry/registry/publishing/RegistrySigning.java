package org.carbonregistry.registry.publishing;

import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The registry's Ed25519 key: it signs every envelope it publishes, so consumers can tell its events from bytes
 * anyone else wrote to the topic. Created (mode 0600) at first start when the file does not exist yet.
 */
@Configuration
class RegistrySigning {

    @Bean
    EnvelopeSigner envelopeSigner(@Value("${registry.signing.key-file}") Path keyFile,
                                  @Value("${registry.signing.key-name}") String keyName) {
        try {
            return new EnvelopeSigner(keyName, SigningKeys.loadOrGenerate(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the registry signing key " + keyFile, e);
        }
    }
}
