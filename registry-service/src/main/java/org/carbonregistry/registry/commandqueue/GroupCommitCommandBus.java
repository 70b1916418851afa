package org.carbonregistry.registry.commandqueue;

import io.micrometer.core.instrument.DistributionSummary;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.callbacks.NoOpCallback;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs {@link GroupCommitted} commands in groups: the commands that arrive while groups are in flight wait in line,
 * and the next free caller takes up to {@code groupSize} of them, on any aggregates not in another group, into one
 * root unit of work with one transaction. Each command is handled by the local bus as before (its interceptors,
 * idempotency key and personal data included) in a unit of work nested in the group's, so each aggregate is loaded
 * and locked once, the events of all are appended together at the root's commit, and the views are updated once.
 * At most {@code maxGroups} groups run at once, so that under load commands gather into groups instead of each
 * paying for a transaction of its own; a group that has run for {@code slowGroup} no longer counts, so a slow one
 * (waiting for a lock, say) holds up only the aggregates in it.
 * <p>
 * Guarantees: commands on one aggregate are decided in the order they arrived, and an aggregate is in one group at a
 * time. A command that fails (a refusal, or any other exception) rolls the whole attempt back and the group runs
 * again without it, so every other member's outcome is the one it would have had on its own; the failed one gets its
 * own exception once the commands decided before it are committed (or, if that commit fails, the commit's failure,
 * because what it was decided on never existed). If the commit fails every member gets that failure, and nothing of
 * the group is stored. Nobody is answered before the commit. Other commands go to the local bus one by one.
 * <p>
 * A failure that may come from a stale cached aggregate ({@link Redecisions}) is decided again, on the stored
 * events: a refused member stays in the group's next attempt, a conflicting commit runs the whole group again, and a
 * command sent alone is sent again. Commands sent from inside a unit of work or a transaction go straight to the
 * local bus: their caller's transaction is the one to roll back.
 */
public final class GroupCommitCommandBus implements CommandBus {

    private static final String MEMBERS = GroupCommitCommandBus.class.getName() + ".members";

    private final CommandBus local;
    private final TransactionManager transactions;
    private final int groupSize;
    private final int maxGroups;
    private final long slowGroupNanos;
    private final Redecisions redecisions;
    private final DistributionSummary groupSizes;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();
    private final List<MessageDispatchInterceptor<? super CommandMessage<?>>> dispatchInterceptors =
            new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // All guarded by the lock: commands not yet in a group, in arrival order; aggregates in a group; groups in flight.
    private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
    private final Set<String> busy = new HashSet<>();
    private final List<InFlight> inFlight = new ArrayList<>();

    /**
     * @param local        the bus that handles each command (and holds the handlers and handler interceptors)
     * @param transactions the transaction of a whole group; the local bus's own transactions join it
     * @param groupSize    the most commands in one group; 1 turns grouping off
     * @param maxGroups    the most groups in flight at once, not counting those that have run for {@code slowGroup}
     * @param slowGroup    how long a group counts against {@code maxGroups}
     * @param redecisions  which failures are decided again, and how often
     * @param groupSizes   records the size of every group run
     */
    public GroupCommitCommandBus(CommandBus local, TransactionManager transactions, int groupSize, int maxGroups,
                                 Duration slowGroup, Redecisions redecisions, DistributionSummary groupSizes) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("the command group size must be at least 1, not " + groupSize);
        }
        if (maxGroups < 1) {
            throw new IllegalArgumentException("the number of command groups in flight must be at least 1, not "
                    + maxGroups);
        }
        this.local = local;
        this.transactions = transactions;
        this.groupSize = groupSize;
        this.maxGroups = maxGroups;
        this.slowGroupNanos = slowGroup.toNanos();
        this.redecisions = redecisions;
        this.groupSizes = groupSizes;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, NoOpCallback.INSTANCE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        // Dispatch interceptors run on the caller's thread, as on the local bus, before the command waits in line.
        CommandMessage<C> intercepted = command;
        for (MessageDispatchInterceptor<? super CommandMessage<?>> interceptor : dispatchInterceptors) {
            intercepted = (CommandMessage<C>) interceptor.handle(intercepted);
        }
        // A caller inside a unit of work or a transaction of its own must not have other callers' commands join it.
        if (CurrentUnitOfWork.isStarted() || TransactionSynchronizationManager.isActualTransactionActive()) {
            local.dispatch(intercepted, callback);
            return;
        }
        if (groupSize == 1 || !(intercepted.getPayload() instanceof GroupCommitted)) {
            callback.onResult(intercepted, (CommandResultMessage<? extends R>) handleAlone(intercepted));
            return;
        }
        Queued queued = new Queued(intercepted, targets.resolveTarget(intercepted).getIdentifier());
        waitForOutcome(queued);
        callback.onResult(intercepted, (CommandResultMessage<? extends R>) queued.outcome);
    }

    /** Queues the command; takes a turn at running a group (of its own and others' commands) until it is done. */
    private void waitForOutcome(Queued queued) {
        lock.lock();
        boolean interrupted = Thread.interrupted();
        try {
            waiting.add(queued);
            while (queued.outcome == null) {
                long now = System.nanoTime();
                if (queued.taken || busy.contains(queued.aggregateId) || countedGroups(now) >= maxGroups) {
                    interrupted |= awaitChange(now);
                    continue;
                }
                InFlight group = takeGroup(now);
                lock.unlock();
                try {
                    run(group.members);
                } finally {
                    lock.lock();
                    inFlight.remove(group);
                    group.members.forEach(member -> busy.remove(member.aggregateId));
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next group: commands in arrival order whose aggregates are in no other group, up to the group size. */
    private InFlight takeGroup(long now) {
        List<Queued> members = new ArrayList<>(Math.min(groupSize, waiting.size()));
        Set<String> others = new HashSet<>(busy);
        for (Iterator<Queued> line = waiting.iterator(); line.hasNext() && members.size() < groupSize; ) {
            Queued next = line.next();
            if (!others.contains(next.aggregateId)) {
                line.remove();
                members.add(next);
                busy.add(next.aggregateId);
            }
        }
        InFlight group = new InFlight(members, now);
        members.forEach(member -> member.taken = true);
        inFlight.add(group);
        return group;
    }

    private long countedGroups(long now) {
        return inFlight.stream().filter(group -> now - group.startedAt < slowGroupNanos).count();
    }

    /**
     * Waits for a group to end, or for the next group in flight to turn slow (and stop counting); whether the thread
     * was interrupted meanwhile (a queued command is answered, not abandoned, so the flag is only kept for later).
     */
    private boolean awaitChange(long now) {
        long untilSlow = inFlight.stream().mapToLong(group -> group.startedAt + slowGroupNanos - now)
                .filter(nanos -> nanos > 0).min().orElse(0);
        if (untilSlow == 0) {
            changed.awaitUninterruptibly();
            return false;
        }
        try {
            changed.awaitNanos(untilSlow);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private CommandResultMessage<?> handleAlone(CommandMessage<?> command) {
        for (int attempt = 1; ; attempt++) {
            CommandResultMessage<?> result = handle(command);
            if (!result.isExceptional() || attempt >= redecisions.attempts(result.exceptionResult())) {
                return result;
            }
        }
    }

    private void run(List<Queued> group) {
        groupSizes.record(group.size());
        for (int i = 0; i < group.size(); i++) {
            group.get(i).position = i;
        }
        List<Queued> members = new ArrayList<>(group);
        List<Queued> failed = new ArrayList<>();
        CommandResultMessage<?> commitFailure = null;
        int commits = 0;
        try {
            while (!members.isEmpty()) {
                Attempt attempt = attempt(members);
                if (attempt.failed() == null) {
                    commitFailure = attempt.commitFailure();
                    if (commitFailure == null
                            || ++commits >= redecisions.attempts(commitFailure.exceptionResult())) {
                        break;
                    }
                    // The refusals too were decided on what this commit would have stored: all are decided again.
                    members.clear();
                    members.addAll(group);
                    members.forEach(q -> q.attempts = 0);
                    failed.clear();
                    commitFailure = null;
                    continue;
                }
                Queued failure = attempt.failed();
                if (++failure.attempts < redecisions.attempts(failure.failure.exceptionResult())) {
                    continue; // decided again in the next attempt, on the stored events
                }
                members.remove(failure);
                // Those that failed later in an earlier attempt were decided after this one: they are decided again.
                failed.removeIf(f -> f.position > failure.position && members.add(f));
                members.sort(Comparator.comparingInt(q -> q.position));
                failed.add(failure);
            }
        } catch (RuntimeException | Error unexpected) {
            // No transaction could be started, say: nothing of the group was stored.
            commitFailure = GenericCommandResultMessage.asCommandResultMessage(unexpected);
        }
        for (Queued queued : group) {
            if (queued.outcome == null) {
                queued.outcome = commitFailure != null ? commitFailure : queued.failure;
            }
        }
    }

    /** The first member that failed (the attempt then rolled back), or the commit's failure, or neither. */
    private record Attempt(Queued failed, CommandResultMessage<?> commitFailure) {
    }

    /** Handles the members in one root unit of work and commits it; members get their results once committed. */
    private Attempt attempt(List<Queued> members) {
        UnitOfWork<CommandMessage<?>> group =
                startGroup(members.stream().<CommandMessage<?>>map(member -> member.command).toList());
        group.attachTransaction(transactions); // rolls the unit of work back itself if it cannot start one
        List<CommandResultMessage<?>> results = new ArrayList<>(members.size());
        for (Queued member : members) {
            CommandResultMessage<?> result = handle(member.command);
            if (result.isExceptional()) {
                member.failure = result;
                group.rollback(result.exceptionResult());
                return new Attempt(member, null);
            }
            results.add(result);
        }
        try {
            group.commit();
        } catch (RuntimeException | Error commitFailed) {
            return new Attempt(null, GenericCommandResultMessage.asCommandResultMessage(commitFailed));
        }
        for (int i = 0; i < members.size(); i++) {
            members.get(i).outcome = results.get(i);
        }
        return new Attempt(null, null);
    }

    /** Handles the command on the local bus, in a unit of work nested in the group's when there is one. */
    private CommandResultMessage<?> handle(CommandMessage<?> command) {
        CommandResultMessage<?>[] result = new CommandResultMessage<?>[1];
        try {
            local.dispatch(command, (message, answer) -> result[0] = answer);
        } catch (RuntimeException e) {
            return GenericCommandResultMessage.asCommandResultMessage(e);
        }
        return result[0] != null ? result[0] : GenericCommandResultMessage.asCommandResultMessage(
                new IllegalStateException("the local command bus did not answer " + command.getCommandName()));
    }

    /**
     * Starts the root unit of work of a group of these commands, which are then handled in it one by one, in this
     * order; {@link #commandsOfTheGroup} tells each of them the others.
     */
    public static UnitOfWork<CommandMessage<?>> startGroup(List<CommandMessage<?>> commands) {
        UnitOfWork<CommandMessage<?>> group = DefaultUnitOfWork.startAndGet(commands.get(0));
        if (commands.size() > 1) {
            group.resources().put(MEMBERS, List.copyOf(commands));
        }
        return group;
    }

    /**
     * The commands of the group that {@code unitOfWork} is part of, in the order they are handled (those before it
     * included), or none when it is not in a group of several: what a handler interceptor may read for all members
     * at once, when the first of them is handled.
     */
    public static List<CommandMessage<?>> commandsOfTheGroup(UnitOfWork<?> unitOfWork) {
        List<CommandMessage<?>> members = unitOfWork.root().getResource(MEMBERS);
        return members != null ? members : List.of();
    }

    /** Commands waiting in line for the aggregate (not counting those in a group in flight); for tests. */
    int waiting(String aggregateId) {
        lock.lock();
        try {
            return (int) waiting.stream().filter(queued -> queued.aggregateId.equals(aggregateId)).count();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return local.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return local.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        dispatchInterceptors.add(dispatchInterceptor);
        return () -> dispatchInterceptors.remove(dispatchInterceptor);
    }

    /** A group taken from the line, and when. */
    private record InFlight(List<Queued> members, long startedAt) {
    }

    private static final class Queued {
        final CommandMessage<?> command;
        final String aggregateId;
        boolean taken; // into a group; guarded by the bus's lock
        int position;
        int attempts;
        CommandResultMessage<?> failure;
        volatile CommandResultMessage<?> outcome;

        Queued(CommandMessage<?> command, String aggregateId) {
            this.command = command;
            this.aggregateId = aggregateId;
        }
    }
}
