package org.carbonregistry.registry.account;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.registry.batch.Retirements;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Commitments;
import org.carbonregistry.registry.rules.Countries;
import org.carbonregistry.registry.rules.Quantities;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An organisation that holds, issues or audits credits, with its retirement plans and its claims.
 *
 * <p>The claim rule "a retirement backs at most one claim, and only a claim of its own account" lives here, in the
 * account that made the retirement: a claim may use only its own account's retirements, so every claim that could
 * use a retirement is decided by this one aggregate. Axon decides the commands of one aggregate one at a time (its
 * lock in one instance; the event store's unique (aggregate, sequence) key between instances), so of two concurrent
 * claims on one retirement exactly one is stored and the other is decided again on top of it and refused.
 */
@Aggregate
public class Account {

    /** A plan is for a year to come; beyond this horizon it is not a plan a report can state. */
    static final int MAX_PLAN_YEARS_AHEAD = 30;
    /** Keeps a claim's event well under the log's 64 KiB entry limit. */
    static final int MAX_RETIREMENTS_PER_CLAIM = 200;

    @AggregateIdentifier
    private String accountId;
    /** plan id -> withdrawn */
    private final Map<String, Boolean> plans = new HashMap<>();
    private final Set<String> claims = new HashSet<>();
    /** retirement id -> the claim it backs */
    private final Map<String, String> claimOfRetirement = new HashMap<>();

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

    @CommandHandler
    public String handle(PlanRetirement command, Stamps stamps) {
        command.actor().requireActingFor(accountId, "plan retirements");
        Quantities.requireValid(command.quantity());
        int thisYear = LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC).getYear();
        Integer year = command.plannedYear();
        if (year == null || year < thisYear || year > thisYear + MAX_PLAN_YEARS_AHEAD) {
            throw CommandRefused.invalid("plannedYear must be from " + thisYear + " to "
                    + (thisYear + MAX_PLAN_YEARS_AHEAD) + ", was " + year);
        }
        if (command.basedOnExistingContracts() == null) {
            throw CommandRefused.invalid("basedOnExistingContracts must be true or false");
        }
        if (plans.containsKey(command.planId())) {
            throw CommandRefused.conflict("account " + accountId + " already has a retirement plan " + command.planId());
        }
        String note = command.note() == null || command.note().isBlank() ? null : Text.require(command.note(), "note", 1000);
        apply(new RetirementPlanned(stamps.newId(), stamps.now(), accountId, command.planId(), command.quantity(),
                year, command.basedOnExistingContracts(),
                note == null ? null : Commitments.of(note, command.noteSalt(), "noteSalt")));
        return command.planId();
    }

    @CommandHandler
    public void handle(WithdrawRetirementPlan command, Stamps stamps) {
        command.actor().requireActingFor(accountId, "withdraw retirement plans");
        Boolean withdrawn = plans.get(command.planId());
        if (withdrawn == null) {
            throw CommandRefused.notFound("account " + accountId + " has no retirement plan " + command.planId());
        }
        if (withdrawn) {
            throw CommandRefused.conflict("retirement plan " + command.planId() + " was withdrawn already");
        }
        apply(new RetirementPlanWithdrawn(stamps.newId(), stamps.now(), accountId, command.planId()));
    }

    @CommandHandler
    public ClaimReceipt handle(MakeClaim command, Retirements retirements, Stamps stamps) {
        command.actor().requireActingFor(accountId, "make claims");
        if (command.type() == null) {
            throw CommandRefused.invalid("type must be one of NEUTRALITY, CONTRIBUTION, COMPENSATION,"
                    + " NET_ZERO_NEUTRALISATION, OTHER");
        }
        if (command.periodStart() == null || command.periodEnd() == null) {
            throw CommandRefused.invalid("periodStart and periodEnd are required (yyyy-MM-dd)");
        }
        if (command.periodEnd().isBefore(command.periodStart())) {
            throw CommandRefused.invalid("periodEnd " + command.periodEnd() + " is before periodStart " + command.periodStart());
        }
        String statement = Text.require(command.statement(), "statement", 2000);
        List<String> ids = command.retirementIds();
        if (ids == null || ids.isEmpty() || ids.size() > MAX_RETIREMENTS_PER_CLAIM) {
            throw CommandRefused.invalid("retirementIds must name 1 to " + MAX_RETIREMENTS_PER_CLAIM + " retirements");
        }
        if (claims.contains(command.claimId())) {
            throw CommandRefused.conflict("account " + accountId + " already made claim " + command.claimId());
        }
        Set<String> listed = new HashSet<>();
        List<ClaimedRetirement> backing = new ArrayList<>(ids.size());
        long tonnes = 0;
        for (String id : ids) {
            if (id == null || !listed.add(id)) {
                throw CommandRefused.invalid("retirementIds lists " + (id == null ? "a null id" : "retirement " + id + " twice"));
            }
            Retirements.Retirement retirement = retirements.find(id)
                    .orElseThrow(() -> CommandRefused.unprocessable("retirement " + id + " does not exist"));
            if (!retirement.accountId().equals(accountId)) {
                throw CommandRefused.unprocessable("retirement " + id + " was made by another account: a claim of account "
                        + accountId + " can use only its own retirements");
            }
            if (retirement.batchInvalidation() != null) {
                throw CommandRefused.unprocessable("retirement " + id + " is from batch " + retirement.batchId()
                        + ", which was invalidated (" + retirement.batchInvalidation() + "): a claim must rest on"
                        + " credits of a valid batch");
            }
            String usedBy = claimOfRetirement.get(id);
            if (usedBy != null) {
                throw CommandRefused.unprocessable("retirement " + id + " already backs claim " + usedBy
                        + ": a retirement backs at most one claim");
            }
            backing.add(new ClaimedRetirement(id, retirement.batchId(), retirement.eventId(), retirement.quantity()));
            tonnes += retirement.quantity();
        }
        var event = new ClaimMade(stamps.newId(), stamps.now(), accountId, command.claimId(), command.type(),
                command.periodStart(), command.periodEnd(),
                Commitments.of(statement, command.statementSalt(), "statementSalt"), backing, tonnes);
        apply(event);
        return new ClaimReceipt(command.claimId(), tonnes, event.eventId());
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        this.accountId = event.accountId();
    }

    @EventSourcingHandler
    void on(RetirementPlanned event) {
        plans.put(event.planId(), false);
    }

    @EventSourcingHandler
    void on(RetirementPlanWithdrawn event) {
        plans.put(event.planId(), true);
    }

    @EventSourcingHandler
    void on(ClaimMade event) {
        claims.add(event.claimId());
        event.retirements().forEach(r -> claimOfRetirement.put(r.retirementId(), event.claimId()));
    }
}
