package org.carbonregistry.registry.access;

import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.account.OpenAccount;
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

/**
 * First start: the registry operator's own account is opened (as an event, like any other) and given an
 * administrator key: {@code REGISTRY_ADMIN_KEY} if set, else a new key printed once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String REGISTRY_ACCOUNT = "registry";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Directory directory;
    private final RegistryCommands commands;
    private final ApiKeys apiKeys;
    private final String adminKey;
    private final String operatorName;
    private final String jurisdiction;

    AdminBootstrap(Directory directory, RegistryCommands commands, ApiKeys apiKeys,
                   @Value("${registry.admin-key:}") String adminKey,
                   @Value("${registry.operator.name:Registry operator}") String operatorName,
                   @Value("${registry.operator.jurisdiction:CH}") String jurisdiction) {
        this.directory = directory;
        this.commands = commands;
        this.apiKeys = apiKeys;
        this.adminKey = adminKey;
        this.operatorName = operatorName;
        this.jurisdiction = jurisdiction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (directory.account(REGISTRY_ACCOUNT).isEmpty()) {
            commands.send(new OpenAccount(REGISTRY_ACCOUNT, operatorName, AccountType.REGISTRY, jurisdiction,
                    new Actor(REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN)));
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
    }
}
