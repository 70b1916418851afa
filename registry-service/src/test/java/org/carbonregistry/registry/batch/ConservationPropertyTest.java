package org.carbonregistry.registry.batch;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.label.Labels;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.PROJECT;
import static org.carbonregistry.registry.batch.Batches.holderOf;

/**
 * Conservation per serial under a random mix of every batch operation (issuance with a buffer share, transfer,
 * retirement, cancellation, freeze and unfreeze, reversal compensation), refusals included, driven through the
 * aggregate's command handlers over an in-memory event store. After every step the serials are re-derived from the
 * stored events alone: each issued serial is in exactly one place (one holder, retired or cancelled), and
 * held + retired + cancelled = issued per batch. Seeded: a failure prints the seed and the step, and
 * {@code -Dconservation.seed=<seed>} replays it.
 */
class ConservationPropertyTest {

    private static final int STEPS = Integer.getInteger("conservation.steps", 2_000);
    private static final List<String> HOLDERS = List.of(DEVELOPER, BUYER, AIRLINE, BufferPool.ACCOUNT);
    private static final List<String> BATCHES = java.util.stream.IntStream.rangeClosed(1, 12)
            .mapToObj(n -> "prop-batch-" + n).toList();

    @Test
    void everySerialIsInExactlyOnePlaceAfterEveryStep() {
        long seed = Long.getLong("conservation.seed", System.nanoTime());
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(CreditBatch.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .registerComponent(Directory.class, c -> BufferPoolTest.directory())
                .registerComponent(Labels.class, c -> new TestLabels())
                .registerComponent(SerialNumbers.class, c -> new CountingSerialNumbers())
                .registerComponent(Stamps.class, c -> new FixedStamps())
                .buildConfiguration();
        axon.start();
        try {
            run(seed, axon.commandGateway(), axon);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("conservation broken with seed " + seed + " (-Dconservation.seed=" + seed + "): "
                    + e.getMessage(), e);
        } finally {
            axon.shutdown();
        }
    }

    private void run(long seed, CommandGateway gateway, Configuration axon) {
        long started = System.nanoTime();
        Random random = new Random(seed);
        Model model = new Model();
        int refused = 0;
        for (int step = 0; step < STEPS; step++) {
            Object command = nextCommand(random, model);
            try {
                gateway.sendAndWait(command);
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
                // a refusal, or a command on a batch not issued yet (the API answers 404 before sending it)
                if (!(cause instanceof CommandRefused) && !(cause instanceof AggregateNotFoundException)) {
                    throw new AssertionError("step " + step + ": " + command + " failed: " + cause, cause);
                }
                refused++;
                String why = String.valueOf(cause.getMessage()).replaceAll("[0-9]+", "N");
                model.refusals.merge(why.substring(0, Math.min(40, why.length())), 1, Integer::sum);
            }
            int at = step;
            for (String batch : BATCHES) {
                axon.eventStore().readEvents(batch, model.nextSequence.getOrDefault(batch, 0L))
                        .asStream().forEach(event -> model.apply(event, at));
            }
            model.check(step);
        }
        System.out.printf("conservation: seed %d, %d steps in %d ms, %d refused, events %s%n", seed, STEPS,
                (System.nanoTime() - started) / 1_000_000, refused, model.types);
        System.out.println("refusals: " + model.refusals);
        if (refused == STEPS || refused == 0) {
            throw new AssertionError("a mix that is all refusals (or none) tests nothing: " + refused + " refused");
        }
    }

    private static Object nextCommand(Random random, Model model) {
        String batch = BATCHES.get(random.nextInt(BATCHES.size()));
        int vintage = 2010 + BATCHES.indexOf(batch);
        if (!model.issued.containsKey(batch) && random.nextInt(4) > 0) {
            BigDecimal percent = BigDecimal.valueOf(random.nextInt(3_001), 2); // 0.00 to 30.00
            return new IssueCredits(batch, PROJECT, LocalDate.of(vintage, 1, 1), LocalDate.of(vintage, 12, 31),
                    1 + random.nextInt(20_000), DEVELOPER, List.of(), false, ADMIN, percent);
        }
        // mostly an account that holds some of the batch (the buffer's credits move only by reversal), sometimes any
        List<String> holding = model.holdersOf(batch).stream().filter(a -> !a.equals(BufferPool.ACCOUNT)).toList();
        String from = holding.isEmpty() || random.nextInt(5) == 0 ? HOLDERS.get(random.nextInt(HOLDERS.size()))
                : holding.get(random.nextInt(holding.size()));
        long quantity = 1 + random.nextInt(random.nextBoolean() ? 20 : 600);
        Actor actor = random.nextInt(20) == 0 ? holderOf(AIRLINE) : ADMIN;
        int pick = random.nextInt(40);
        if (pick < 15) {
            String to = HOLDERS.get(random.nextInt(random.nextInt(8) == 0 ? HOLDERS.size() : HOLDERS.size() - 1));
            return new TransferCredits(batch, from, to, quantity, actor);
        } else if (pick < 25) {
            return new RetireCredits(batch, from, quantity, "Beneficiary", "claim", Batches.BENEFICIARY_SALT,
                    Batches.PURPOSE_SALT, 2025, "DE", actor);
        } else if (pick < 30) {
            return new CancelCredits(batch, from, quantity, "issuance error", actor);
        } else if (pick < 31) {
            return new FreezeBatch(batch, "review", ADMIN);
        } else if (pick < 35) {
            return new UnfreezeBatch(batch, "review closed", ADMIN);
        }
        return new CompensateReversal(batch, PROJECT, "reversal-" + random.nextInt(1_000), quantity, quantity,
                LocalDate.of(2026, 1, 1), "wildfire", actor);
    }

    /** The batches as the stored events say, serial by serial (as ranges), kept apart from the aggregate. */
    private static final class Model {
        final Map<String, SerialBlock> issued = new HashMap<>();
        final Map<String, Long> nextSequence = new HashMap<>();
        final Map<String, Map<String, SerialRanges>> held = new HashMap<>();
        final Map<String, SerialRanges> retired = new HashMap<>();
        final Map<String, SerialRanges> cancelled = new HashMap<>();
        final Map<String, Integer> types = new java.util.TreeMap<>();
        final Map<String, Integer> refusals = new java.util.TreeMap<>();

        void apply(EventMessage<?> message, int step) {
            Object event = message.getPayload();
            types.merge(event.getClass().getSimpleName(), 1, Integer::sum);
            if (event instanceof CreditsIssued e) {
                issued.putIfAbsent(e.batchId(), new SerialBlock(e.serialBlocks().get(0).first(),
                        e.serialBlocks().get(e.serialBlocks().size() - 1).last()));
                move(e.batchId(), null, e.toAccount(), e.serialBlocks(), step);
            } else if (event instanceof BufferContributed e) {
                move(e.batchId(), e.from(), e.bufferAccount(), e.serialBlocks(), step);
            } else if (event instanceof CreditsTransferred e) {
                move(e.batchId(), e.from(), e.to(), e.serialBlocks(), step);
            } else if (event instanceof CreditsRetired e) {
                move(e.batchId(), e.account(), null, e.serialBlocks(), step);
                retired.computeIfAbsent(e.batchId(), b -> new SerialRanges()).addAll(e.serialBlocks());
            } else if (event instanceof CreditsCancelled e) {
                move(e.batchId(), e.account(), null, e.serialBlocks(), step);
                cancelled.computeIfAbsent(e.batchId(), b -> new SerialRanges()).addAll(e.serialBlocks());
            } else if (event instanceof ReversalCompensated e) {
                if (!e.bufferAccount().equals(BufferPool.ACCOUNT)) {
                    throw new AssertionError("step " + step + ": a reversal cancelled " + e.bufferAccount() + "'s credits");
                }
                move(e.batchId(), e.bufferAccount(), null, e.serialBlocks(), step);
                cancelled.computeIfAbsent(e.batchId(), b -> new SerialRanges()).addAll(e.serialBlocks());
            }
            nextSequence.merge(((DomainEventMessage<?>) message).getAggregateIdentifier(), 1L, Long::sum);
        }

        List<String> holdersOf(String batch) {
            return held.getOrDefault(batch, Map.of()).entrySet().stream().filter(h -> h.getValue().total() > 0)
                    .map(Map.Entry::getKey).sorted().toList();
        }

        private void move(String batch, String from, String to, List<SerialBlock> blocks, int step) {
            Map<String, SerialRanges> holders = held.computeIfAbsent(batch, b -> new HashMap<>());
            if (from != null) {
                try {
                    holders.get(from).removeAll(blocks);
                } catch (RuntimeException notHeld) {
                    throw new AssertionError("step " + step + ": " + from + " gave serials " + blocks
                            + " it did not hold", notHeld);
                }
            }
            if (to != null) {
                holders.computeIfAbsent(to, a -> new SerialRanges()).addAll(blocks);
            }
        }

        /** Every issued serial in exactly one place: the places are disjoint and together are the issued range. */
        void check(int step) {
            for (var batch : issued.entrySet()) {
                SerialRanges everywhere = new SerialRanges();
                long held = 0;
                List<SerialRanges> places = new ArrayList<>(this.held.getOrDefault(batch.getKey(), Map.of()).values());
                for (SerialRanges holding : places) {
                    held += holding.total();
                }
                SerialRanges gone = retired.getOrDefault(batch.getKey(), new SerialRanges());
                SerialRanges dropped = cancelled.getOrDefault(batch.getKey(), new SerialRanges());
                try {
                    Stream.concat(places.stream(), Stream.of(gone, dropped))
                            .forEach(place -> everywhere.addAll(place.blocks()));
                } catch (IllegalArgumentException twice) {
                    throw new AssertionError("step " + step + ": a serial of " + batch.getKey() + " is in two places: "
                            + twice.getMessage(), twice);
                }
                long issuedQuantity = batch.getValue().quantity();
                if (held + gone.total() + dropped.total() != issuedQuantity
                        || !everywhere.blocks().equals(List.of(batch.getValue()))) {
                    throw new AssertionError("step " + step + ": batch " + batch.getKey() + " held " + held
                            + " + retired " + gone.total() + " + cancelled " + dropped.total() + " != issued "
                            + issuedQuantity + " (serials accounted for: " + everywhere.blocks() + ")");
                }
            }
        }
    }
}
