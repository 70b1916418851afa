package org.carbonregistry.registry.commandqueue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bus over a plain Axon {@link SimpleCommandBus} and an in-memory "aggregate": a balance per id whose changes a
 * command stages in the group's unit of work and which becomes true only when the group's transaction commits.
 */
class GroupCommitCommandBusTest {

    record Withdraw(@TargetAggregateIdentifier String account, long amount) implements GroupCommitted {
    }

    record Deposit(@TargetAggregateIdentifier String account, long amount) {
    }

    static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /** As the registry's policy: a refusal is decided once more, a conflicting commit up to three times more. */
    static int attempts(Throwable failure) {
        return failure instanceof Refused ? 2 : failure instanceof Conflict ? 4 : 1;
    }

    private final Map<String, Long> committed = new HashMap<>();
    private final List<Long> committedOrder = new ArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private volatile CountDownLatch holdFirst = new CountDownLatch(0);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private GroupCommitCommandBus bus;
    private DefaultCommandGateway gateway;

    @BeforeEach
    void busOverALocalSegment() {
        useBus(2, Duration.ofMinutes(1));
        committed.put("a", 100L);
    }

    /** A bus allowing {@code maxGroups} groups in flight, over a local segment with both handlers. */
    private void useBus(int maxGroups, Duration slowGroup) {
        TransactionManager counting = () -> {
            transactions.incrementAndGet();
            return new Transaction() {
                @Override
                public void commit() {
                    commits.incrementAndGet();
                }

                @Override
                public void rollback() {
                }
            };
        };
        SimpleCommandBus local = localWithWithdraw();
        local.subscribe(Deposit.class.getName(), message -> {
            Deposit deposit = (Deposit) message.getPayload();
            stage(deposit.account(), balance(deposit.account()) + deposit.amount(), deposit.amount());
            return "deposited";
        });
        bus = new GroupCommitCommandBus(local, counting, 64, maxGroups, slowGroup, GroupCommitCommandBusTest::attempts,
                DistributionSummary.builder("registry.command.group.size").register(meters));
        gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void commandsWaitingOnOneAggregateAreCommittedTogetherInTheirOrder() throws Exception {
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("a", 2), new Withdraw("a", 3), new Withdraw("a", 4),
                new Withdraw("a", 5), new Withdraw("a", 6));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        List<Object> balances = new ArrayList<>();
        for (Future<Object> f : waiting) {
            balances.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(balances).containsExactly(97L, 94L, 90L, 85L, 79L);
        assertThat(committed).containsEntry("a", 79L);
        assertThat(committedOrder).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(commits.get()).as("one commit for the first, one for the five behind it").isEqualTo(2);
        assertThat(groupSizes().count()).isEqualTo(2);
        assertThat(groupSizes().totalAmount()).isEqualTo(6.0);
        assertThat(groupSizes().max()).isEqualTo(5.0);
    }

    @Test
    void aRefusedCommandFailsAloneAndTheOthersHaveTheOutcomeTheyWouldHaveHadAlone() throws Exception {
        Future<Object> first = sendWhileHeld(new Withdraw("a", 10));
        List<Future<Object>> waiting = queue(new Withdraw("a", 30), new Withdraw("a", 70), new Withdraw("a", 40),
                new Withdraw("a", 25));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(90L);
        assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(60L);
        assertThatThrownBy(() -> waiting.get(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Refused.class).hasRootCauseMessage("70 wanted, 60 held");
        assertThat(waiting.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(20L);
        assertThatThrownBy(() -> waiting.get(3).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Refused.class).hasRootCauseMessage("25 wanted, 20 held");
        assertThat(committed).containsEntry("a", 20L);
        assertThat(committedOrder).containsExactly(10L, 30L, 40L);
        assertThat(commits.get()).as("nothing of a rolled-back attempt is committed").isEqualTo(2);
    }

    @Test
    void aRefusalDecidedOnAStaleCopyIsDecidedAgainOnTheStoredState() throws Exception {
        Future<Object> first = sendWhileHeld(new Withdraw("a", 10));
        List<Future<Object>> waiting = queue(new Withdraw("a", 200), new Withdraw("a", 5));
        anotherInstanceDepositsAfterNextCommit = 250;
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(90L);
        assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).as("refused on the cached 90, accepted on the stored 340")
                .isEqualTo(140L);
        assertThat(waiting.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(135L);
        assertThat(committed).containsEntry("a", 135L);
        assertThat(decisions.get(200L)).isEqualTo(2);
    }

    @Test
    void aGenuineRefusalIsDecidedTwiceAndTheOthersAreCommitted() throws Exception {
        Future<Object> first = sendWhileHeld(new Withdraw("a", 10));
        List<Future<Object>> waiting = queue(new Withdraw("a", 500), new Withdraw("a", 5));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(90L);
        assertThatThrownBy(() -> waiting.get(0).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(Refused.class).hasRootCauseMessage("500 wanted, 90 held");
        assertThat(waiting.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(85L);
        assertThat(decisions.get(500L)).as("decided on the cached copy, then on the stored state").isEqualTo(2);
    }

    @Test
    void aConflictingCommitRunsTheWholeGroupAgain() throws Exception {
        conflictingGroupCommits = 2;
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("a", 2), new Withdraw("a", 300), new Withdraw("a", 3));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(97L);
        assertThatThrownBy(() -> waiting.get(1).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("300 wanted, 97 held");
        assertThat(waiting.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(94L);
        assertThat(committed).containsEntry("a", 94L);
        assertThat(committedOrder).containsExactly(1L, 2L, 3L);
        assertThat(conflictingGroupCommits).as("the group of two moves conflicted twice").isZero();
    }

    @Test
    void aCommandSentAloneIsDecidedAgainAfterAConflict() {
        conflictingCommits = 1;
        assertThat((Object) gateway.sendAndWait(new Deposit("a", 5))).isEqualTo("deposited");
        assertThat(conflictingCommits).as("its first commit conflicted").isZero();
        assertThat(committed).containsEntry("a", 105L);
    }

    @Test
    void aFailedCommitFailsEveryMemberAndStoresNothing() throws Exception {
        failNextCommit = true;
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("a", 2), new Withdraw("a", 200), new Withdraw("a", 3));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        for (Future<Object> f : waiting) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
        }
        assertThat(committed).containsEntry("a", 99L);
    }

    @Test
    void otherCommandsAndOtherAggregatesAreNotHeldUp() throws Exception {
        committed.put("b", 5L);
        Future<Object> held = sendWhileHeld(new Withdraw("a", 1));
        assertThat((Object) gateway.sendAndWait(new Withdraw("b", 5))).isEqualTo(0L);
        assertThat((Object) gateway.sendAndWait(new Deposit("a", 5))).isEqualTo("deposited");
        holdFirst.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(104L);
    }

    @Test
    void commandsOnSeveralAggregatesThatWaitForAFreeGroupAreCommittedTogetherEachInItsOrder() throws Exception {
        useBus(1, Duration.ofMinutes(1));
        committed.put("b", 50L);
        committed.put("c", 50L);
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("b", 2), new Withdraw("c", 3), new Withdraw("a", 4),
                new Withdraw("b", 5), new Withdraw("c", 6));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        List<Object> balances = new ArrayList<>();
        for (Future<Object> f : waiting) {
            balances.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(balances).containsExactly(48L, 47L, 95L, 43L, 41L);
        assertThat(committed).containsEntry("a", 95L).containsEntry("b", 43L).containsEntry("c", 41L);
        assertThat(committedOrder).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(commits.get()).as("one commit for the first, one for the five of three aggregates behind it")
                .isEqualTo(2);
        assertThat(groupSizes().max()).isEqualTo(5.0);
    }

    @Test
    void aRefusalInAGroupOfSeveralAggregatesLeavesTheOthersTheirOwnOutcomes() throws Exception {
        useBus(1, Duration.ofMinutes(1));
        committed.put("b", 50L);
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("b", 20), new Withdraw("a", 500), new Withdraw("b", 40),
                new Withdraw("a", 9));
        holdFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(30L);
        assertThatThrownBy(() -> waiting.get(1).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("500 wanted, 99 held");
        assertThatThrownBy(() -> waiting.get(2).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("40 wanted, 30 held");
        assertThat(waiting.get(3).get(10, TimeUnit.SECONDS)).isEqualTo(90L);
        assertThat(committed).containsEntry("a", 90L).containsEntry("b", 30L);
        assertThat(committedOrder).containsExactly(1L, 20L, 9L);
    }

    @Test
    void aGroupThatRunsLongNoLongerHoldsUpCommandsOnOtherAggregates() throws Exception {
        useBus(1, Duration.ofMillis(100));
        committed.put("b", 5L);
        Future<Object> held = sendWhileHeld(new Withdraw("a", 1));
        Future<Object> other = CompletableFuture.supplyAsync(() -> gateway.sendAndWait(new Withdraw("b", 5)), callers);
        assertThat(other.get(10, TimeUnit.SECONDS)).as("run once the held group counts as slow").isEqualTo(0L);
        assertThat(held).isNotDone();
        holdFirst.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
    }

    @Test
    void anAggregateIsInOneGroupAtATime() throws Exception {
        Future<Object> held = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("a", 2));
        assertThat(bus.waiting("a")).as("a group slot is free, but its aggregate is in the held group").isEqualTo(1);
        holdFirst.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(97L);
        assertThat(committedOrder).containsExactly(1L, 2L);
    }

    @Test
    void eachMemberOfAGroupIsToldTheCommandsOfItsGroup() throws Exception {
        Future<Object> first = sendWhileHeld(new Withdraw("a", 1));
        List<Future<Object>> waiting = queue(new Withdraw("a", 2), new Withdraw("a", 3));
        holdFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<Object> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(groupsSeen).as("a command alone is in no group").containsEntry(1L, List.of())
                .containsEntry(2L, List.of(2L, 3L)).containsEntry(3L, List.of(2L, 3L));
    }

    @Test
    void aGroupSizeOfOneSendsEveryCommandAlone() throws Exception {
        bus = new GroupCommitCommandBus(localWithWithdraw(), () -> {
            throw new AssertionError("no group transaction when grouping is off");
        }, 1, 2, Duration.ofMinutes(1), Redecisions.NONE, DistributionSummary.builder("registry.command.group.size").register(meters));
        assertThat((Object) DefaultCommandGateway.builder().commandBus(bus).build().sendAndWait(new Withdraw("a", 1)))
                .isEqualTo(99L);
        assertThat(groupSizes().count()).isZero();
    }

    private volatile boolean failNextCommit;
    private volatile int conflictingCommits;
    private volatile int conflictingGroupCommits; // only commits of more than one move
    private volatile long anotherInstanceDepositsAfterNextCommit;
    /**
     * What this "instance" has cached, and the version of the stored state it was cached at; a rolled-back attempt
     * drops it, as Axon's caching repository does. A commit of an attempt that read an older version conflicts.
     */
    private final Map<String, Long> cache = new ConcurrentHashMap<>();
    private volatile long cachedVersion;
    private volatile long storedVersion;
    private final Map<Long, Integer> decisions = new ConcurrentHashMap<>();
    /** The amounts of the group each withdrawal was handled in, as the bus tells its handlers. */
    private final Map<Long, List<Long>> groupsSeen = new ConcurrentHashMap<>();

    private Object withdraw(Withdraw command) throws InterruptedException {
        if (command.amount() == 1 || (command.amount() == 10 && holdFirst.getCount() > 0)) {
            holdFirst.await(10, TimeUnit.SECONDS);
        }
        long held = balance(command.account());
        groupsSeen.put(command.amount(), GroupCommitCommandBus.commandsOfTheGroup(CurrentUnitOfWork.get()).stream()
                .map(member -> ((Withdraw) member.getPayload()).amount()).toList());
        decisions.merge(command.amount(), 1, Integer::sum);
        if (command.amount() > held) {
            throw new Refused(command.amount() + " wanted, " + held + " held");
        }
        stage(command.account(), held - command.amount(), command.amount());
        return held - command.amount();
    }

    private SimpleCommandBus localWithWithdraw() {
        SimpleCommandBus local = SimpleCommandBus.builder().build();
        local.subscribe(Withdraw.class.getName(), message -> withdraw((Withdraw) message.getPayload()));
        return local;
    }

    /** The balance as the group's unit of work sees it: cached (else committed), plus what earlier members staged. */
    private long balance(String account) {
        Map<String, Object> resources = CurrentUnitOfWork.get().root().resources();
        resources.putIfAbsent("readVersion", cache.containsKey(account) ? cachedVersion : storedVersion);
        return staged().getOrDefault(account, cache.getOrDefault(account, committed.getOrDefault(account, 0L)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> staged() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, Long> balances = (Map<String, Long>) root.resources().get("balances");
        if (balances == null) {
            Map<String, Long> staged = new HashMap<>();
            List<Long> moves = new ArrayList<>();
            root.resources().put("balances", staged);
            root.resources().put("moves", moves);
            root.onRollback(u -> cache.clear());
            root.onCommit(u -> {
                if (conflictingCommits > 0 || (conflictingGroupCommits > 0 && moves.size() > 1)
                        || !Long.valueOf(storedVersion).equals(root.resources().get("readVersion"))) {
                    conflictingCommits = Math.max(0, conflictingCommits - 1);
                    conflictingGroupCommits = moves.size() > 1 ? Math.max(0, conflictingGroupCommits - 1)
                            : conflictingGroupCommits;
                    throw new Conflict("appended by another instance");
                }
                if (failNextCommit && root.getMessage().getPayload() instanceof Withdraw w && w.amount() == 2) {
                    failNextCommit = false;
                    throw new IllegalStateException("disk full");
                }
                committed.putAll(staged);
                committedOrder.addAll(moves);
                cache.putAll(staged);
                cachedVersion = ++storedVersion;
                if (anotherInstanceDepositsAfterNextCommit > 0) {
                    committed.merge("a", anotherInstanceDepositsAfterNextCommit, Long::sum);
                    storedVersion++;
                    anotherInstanceDepositsAfterNextCommit = 0;
                }
            });
            balances = staged;
        }
        return balances;
    }

    @SuppressWarnings("unchecked")
    private void stage(String account, long balance, long moved) {
        staged().put(account, balance);
        ((List<Long>) CurrentUnitOfWork.get().root().resources().get("moves")).add(moved);
    }

    /** Sends the command on another thread; its handler waits until {@link #holdFirst} is counted down. */
    private Future<Object> sendWhileHeld(Object command) {
        holdFirst = new CountDownLatch(1);
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> gateway.sendAndWait(command), callers);
        await().atMost(Duration.ofSeconds(10)).until(() -> holdFirst.getCount() == 1 && transactions.get() > 0);
        return result;
    }

    /** Sends each command on its own thread once the one before it waits in line. */
    private List<Future<Object>> queue(Withdraw... commands) {
        List<Future<Object>> results = new ArrayList<>();
        for (Withdraw command : commands) {
            int before = bus.waiting(command.account());
            results.add(CompletableFuture.supplyAsync(() -> gateway.sendAndWait(command), callers));
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.waiting(command.account()) == before + 1);
        }
        return results;
    }

    private DistributionSummary groupSizes() {
        return meters.get("registry.command.group.size").summary();
    }
}
