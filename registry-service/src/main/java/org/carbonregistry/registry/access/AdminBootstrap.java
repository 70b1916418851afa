package org.carbonregistry.registry.access;

import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.account.OpenAccount;
import org.carbonregistry.registry.batch.BufferPool;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.web.RegistryCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * First start: the registry operator's own account and the registry's buffer pool account are opened (as an event, like any other) and given an
 * administrator key: {@code REGISTRY_ADMIN_KEY} if set, else a new key printed once. {@code REPORTING_SERVICE_KEY}
 * and {@code LEDGER_SERVICE_KEY}, if set, become SERVICE keys of that account (the ones reporting and ledger-anchor
 * introspect callers' keys with).
 */
@Component
public class AdminBootstrap implements ApplicationRunner {

    public static final String REGISTRY_ACCOUNT = "registry";
    /** A key is a bearer secret: a short one could be guessed. */
    static final int MIN_ADMIN_KEY_LENGTH = 32;
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Directory directory;
    private final RegistryCommands commands;
    private final ApiKeys apiKeys;
    private final String adminKey;
    private final List<String> serviceKeys;
    private final String operatorName;
    private final String jurisdiction;

    AdminBootstrap(Directory directory, RegistryCommands commands, ApiKeys apiKeys,
                   @Value("${registry.admin-key:}") String adminKey,
                   @Value("${registry.reporting-service-key:}") String reportingServiceKey,
                   @Value("${registry.ledger-service-key:}") String ledgerServiceKey,
                   @Value("${registry.operator.name:Registry operator}") String operatorName,
                   @Value("${registry.operator.jurisdiction:CH}") String jurisdiction) {
        this.directory = directory;
        this.commands = commands;
        this.apiKeys = apiKeys;
        if (!adminKey.isBlank() && adminKey.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("REGISTRY_ADMIN_KEY is " + adminKey.length() + " characters long; an"
                    + " administrator key must have at least " + MIN_ADMIN_KEY_LENGTH + " (e.g. crk_ and 32 random"
                    + " bytes in base64url). The registry does not start with a key that short.");
        }
        this.adminKey = adminKey;
        this.serviceKeys = Stream.of(reportingServiceKey, ledgerServiceKey).filter(key -> !key.isBlank()).toList();
        this.operatorName = operatorName;
        this.jurisdiction = jurisdiction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (directory.account(REGISTRY_ACCOUNT).isEmpty()) {
            commands.send(new OpenAccount(REGISTRY_ACCOUNT, operatorName, AccountType.REGISTRY, jurisdiction,
                    new Actor(REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN)));
        }
        // The buffer pool is a system account like the operator's: opened once, by event, never given a key.
        if (directory.account(BufferPool.ACCOUNT).isEmpty()) {
            commands.send(new OpenAccount(BufferPool.ACCOUNT, operatorName + " buffer pool", AccountType.REGISTRY,
                    jurisdiction, new Actor(REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN)));
        }
        if (!adminKey.isBlank()) {
            apiKeys.ensure(REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN, adminKey);
        } else if (!apiKeys.anyActiveAdminKey()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            var issued = apiKeys.ensure(REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN,
                    "crk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            // Shown once: only its hash is stored.
            System.out.println("Registry administrator API key (shown once, store it safely): " + issued.key());
            log.info("generated administrator API key {}", issued.keyId());
        }
        for (String serviceKey : serviceKeys) {
            apiKeys.ensure(REGISTRY_ACCOUNT, Role.SERVICE, serviceKey);
        }
    }
}
