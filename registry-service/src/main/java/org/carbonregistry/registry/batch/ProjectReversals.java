package org.carbonregistry.registry.batch;

import org.axonframework.commandhandling.CommandHandler;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Quantities;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.Text;
import org.carbonregistry.registry.web.RegistryCommands;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Compensates a project's reversal from the buffer, lowest vintage first, across the project's batches.
 * <p>
 * Each batch records its own part ({@code ReversalCompensated}, one per batch, sharing a reversal id) rather than a
 * project aggregate recording the reversal and then driving the batches: a batch stays the only owner of its
 * serials, so the batch's own events (and the monitor, which re-derives a batch from them) account for every
 * serial it cancels, and no second log of the same credits can drift from it. Atomic: the per-batch commands are
 * sent from inside this command's unit of work, so they join its transaction; their events are appended, signed
 * and published only when it commits, all or none. A batch that changed meanwhile fails its append (its sequence
 * number is taken) and the whole reversal rolls back, cancelling nothing.
 */
@Component
class ProjectReversals {

    private final Directory directory;
    private final BatchViews views;
    private final RegistryCommands commands;
    private final Stamps stamps;

    ProjectReversals(Directory directory, BatchViews views, RegistryCommands commands, Stamps stamps) {
        this.directory = directory;
        this.views = views;
        this.commands = commands;
        this.stamps = stamps;
    }

    @CommandHandler
    ReversalReceipt handle(ReverseProject command) {
        command.actor().requireAdmin("compensate reversals");
        Quantities.requireValid(command.quantity());
        String reason = Text.require(command.reason(), "reason", 500);
        if (command.occurredOn() == null) {
            throw CommandRefused.invalid("occurredOn is required (yyyy-MM-dd)");
        }
        if (command.occurredOn().isAfter(LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC))) {
            throw CommandRefused.invalid("occurredOn " + command.occurredOn() + " is in the future");
        }
        if (directory.project(command.projectId()).isEmpty()) {
            throw CommandRefused.notFound("project " + command.projectId() + " does not exist");
        }
        List<BatchViews.BufferedBatch> buffer = views.bufferOfProject(command.projectId());
        long held = buffer.stream().mapToLong(b -> b.buffer().quantity()).sum();
        if (held < command.quantity()) {
            throw CommandRefused.unprocessable("the buffer holds " + held + " credits of project "
                    + command.projectId() + ", fewer than the " + command.quantity() + " reversed; nothing was cancelled");
        }
        var compensations = new ArrayList<ReversalReceipt.Compensation>();
        long remaining = command.quantity();
        for (var buffered : buffer) {
            if (remaining == 0) {
                break;
            }
            long part = Math.min(remaining, buffered.buffer().quantity());
            if (part == 0) {
                continue;
            }
            BatchView batch = buffered.batch();
            CreditsMoved moved = commands.send(new CompensateReversal(batch.batchId(), command.projectId(),
                    command.reversalId(), part, command.quantity(), command.occurredOn(), reason, command.actor()));
            compensations.add(new ReversalReceipt.Compensation(batch.batchId(), batch.vintageStart(), moved.eventId(),
                    part, SerialBlockResponse.of(moved.serialPrefix(), moved.serialBlocks())));
            remaining -= part;
        }
        return new ReversalReceipt(command.reversalId(), command.projectId(), command.quantity(),
                command.occurredOn(), List.copyOf(compensations));
    }
}
