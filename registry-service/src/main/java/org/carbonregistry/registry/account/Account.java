package org.carbonregistry.registry.account;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Countries;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An organisation that holds, issues or audits credits. */
@Aggregate
public class Account {

    @AggregateIdentifier
    private String accountId;

    protected Account() {
    }

    @CommandHandler
    public Account(OpenAccount command, Stamps stamps) {
        command.actor().requireAdmin("open accounts");
        if (command.type() == null) {
            throw CommandRefused.invalid("type must be one of REGISTRY, PROJECT_DEVELOPER, CORPORATE, AUDITOR");
        }
        apply(new AccountOpened(stamps.newId(), stamps.now(), command.accountId(),
                Text.require(command.name(), "name", 200), command.type(),
                Countries.requireIso(command.jurisdiction(), "jurisdiction")));
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        this.accountId = event.accountId();
    }
}
