package org.carbonregistry.registry.webhook;

import org.carbonregistry.events.AccountEvent;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.registry.batch.Retirements;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * The accounts an event touches: the ones it names as holder, sender, receiver, retiring or cancelling account,
 * developer or owner. Their hooks receive it. Freezes and labels touch no account in particular: only registry-wide
 * hooks receive them.
 */
@Component
class EventAccounts {

    private final Retirements retirements;

    EventAccounts(Retirements retirements) {
        this.retirements = retirements;
    }

    Set<String> of(RegistryEvent event) {
        if (event instanceof AccountEvent e) {
            return Set.of(e.accountId());
        }
        if (event instanceof ProjectRegistered e) {
            return Set.of(e.developerAccountId());
        }
        if (event instanceof CreditsIssued e) {
            return Set.of(e.toAccount());
        }
        if (event instanceof CreditsTransferred e) {
            return Set.of(e.from(), e.to());
        }
        if (event instanceof CreditsRetired e) {
            return Set.of(e.account());
        }
        if (event instanceof CreditsCancelled e) {
            return Set.of(e.account());
        }
        if (event instanceof PersonalDataErased e) {
            // the erased retirement's account, from the view written with the retirement itself
            return retirements.find(e.retirementId()).map(r -> Set.of(r.accountId())).orElse(Set.of());
        }
        // freezes and labels touch no account in particular; an event type added without a rule here reaches
        // registry-wide hooks only, never an account's by mistake
        return Set.of();
    }
}
