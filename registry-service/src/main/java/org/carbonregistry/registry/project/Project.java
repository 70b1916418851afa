package org.carbonregistry.registry.project;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Countries;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A mitigation project whose verified tonnes become credit batches. */
@Aggregate
public class Project {

    @AggregateIdentifier
    private String projectId;

    protected Project() {
    }

    @CommandHandler
    public Project(RegisterProject command, Directory directory, Stamps stamps) {
        command.actor().requireAdmin("register projects");
        if (command.standard() == null) {
            throw CommandRefused.invalid("standard must be one of VCS, GS, ACR, CAR, PURO, ISOMETRIC, OTHER");
        }
        if (command.category() == null) {
            throw CommandRefused.invalid("category must be REMOVAL or REDUCTION");
        }
        if (command.category() == ProjectCategory.REMOVAL && command.removalSink() == null) {
            throw CommandRefused.invalid("a REMOVAL project must name its removalSink: BIOGENIC or TECHNOLOGICAL");
        }
        if (command.category() == ProjectCategory.REDUCTION && command.removalSink() != null) {
            throw CommandRefused.invalid("a REDUCTION project has no removalSink");
        }
        BenefitType benefitType = command.benefitType() != null
                ? command.benefitType() : BenefitType.defaultFor(command.category());
        if (benefitType.category() != command.category()) {
            throw CommandRefused.invalid("benefitType " + benefitType + " is a " + benefitType.category()
                    + " benefit, but the project's category is " + command.category());
        }
        var developer = directory.account(command.developerAccountId())
                .orElseThrow(() -> CommandRefused.unprocessable(
                        "developer account " + command.developerAccountId() + " does not exist"));
        if (developer.type() != AccountType.PROJECT_DEVELOPER && developer.type() != AccountType.REGISTRY) {
            throw CommandRefused.unprocessable("account " + developer.accountId() + " is a " + developer.type()
                    + " account, not a PROJECT_DEVELOPER");
        }
        apply(new ProjectRegistered(stamps.newId(), stamps.now(), command.projectId(),
                Text.require(command.name(), "name", 200), command.standard(),
                Text.require(command.methodology(), "methodology", 100),
                Countries.requireIso(command.country(), "country"), command.category(), command.removalSink(),
                Text.require(command.type(), "type", 100), developer.accountId(), benefitType));
    }

    @EventSourcingHandler
    void on(ProjectRegistered event) {
        this.projectId = event.projectId();
    }
}
