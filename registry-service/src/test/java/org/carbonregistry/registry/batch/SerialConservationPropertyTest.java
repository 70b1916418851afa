package org.carbonregistry.registry.batch;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.label.Labels;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BENEFICIARY_SALT;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.PROJECT;
import static org.carbonregistry.registry.batch.Batches.PURPOSE_SALT;
import static org.carbonregistry.registry.batch.Batches.holderOf;

/**
 * Conservation per serial, as a property: thousands of random commands (issue with or without a buffer share,
 * transfer, retire, cancel, freeze, unfreeze, erase, compensate a reversal from the buffer, invalidate, change the
 * Article 6 authorisation or apply its corresponding adjustment, many of them bound to be refused) against real batch aggregates on an in-memory event store. After every command the events it
 * produced are replayed into a model that knows nothing of the aggregate: one state per serial (its holder or the
 * buffer, retired, cancelled or invalidated). Each event may only take serials from where it says they are, the
 * lowest ones first; a refused command leaves no event; and per batch held + retired + cancelled + invalidated =
 * issued, with each serial in exactly one place and no serial in two batches; Article 6 decisions move no serial. The seed is in the test name, so a
 * failure replays exactly.
 */
class SerialConservationPropertyTest {

    private static final int STEPS = 3_000;
    private static final int MAX_BATCHES = 40;
    private static final List<String> HOLDERS = List.of(DEVELOPER, BUYER, AIRLINE);
    /** Where credits can be held: the accounts, and the buffer, whose credits only a reversal takes. */
    private static final List<String> HELD = List.of(DEVELOPER, BUYER, AIRLINE, BufferPool.ACCOUNT);
    private static final String RETIRED = "(retired)";
    private static final String CANCELLED = "(cancelled)";
    private static final String INVALIDATED = "(invalidated)";
    private static final String EXPIRED = "(expired)";
    private static final ProjectEntry TEMPORARY_PROJECT = new ProjectEntry("project-temporary",
            "Biochar in soils, 40 years", Standard.PURO, "FI", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
            DEVELOPER, BenefitType.TEMPORARY_REMOVAL);

    private Configuration axon;
    /** Time passes, an hour a command, so that temporary removals reach their expiry dates. */
    private final AdvancingStamps clock = new AdvancingStamps();

    @AfterEach
    void shutDown() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 20_261_206L, 424_242L})
    void everySerialIsInExactlyOnePlaceAfterEveryCommand(long seed) {
        TestRetirementRecords records = new TestRetirementRecords();
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(CreditBatch.class)
                .registerComponent(Labels.class, c -> new TestLabels())
                .registerComponent(SerialNumbers.class, c -> new CountingSerialNumbers())
                .registerComponent(Directory.class, c -> BufferPoolTest.directory().add(TEMPORARY_PROJECT))
                .registerComponent(Stamps.class, c -> clock)
                .registerComponent(RetirementRecords.class, c -> records)
                .buildConfiguration();
        axon.start();
        Random random = new Random(seed);
        clock.reset();
        Model model = new Model();
        List<String> batches = new ArrayList<>();
        Map<String, List<String>> retirements = new HashMap<>();
        int refused = 0;

        for (int step = 0; step < STEPS; step++) {
            String context = "seed " + seed + ", step " + step;
            // a new batch now and then, and whenever the ones there are have (nearly) all left circulation
            if (batches.size() < MAX_BATCHES && (model.heldInAll() < 100 || random.nextInt(100) == 0)) {
                String batch = "batch-" + batches.size();
                long quantity = 1 + random.nextInt(2_000);
                int vintage = 2015 + random.nextInt(10);
                BigDecimal bufferPercent = random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(300), 1);
                // a few batches are temporary removals, expiring within a few weeks of (advancing) time
                boolean temporary = random.nextInt(4) == 0;
                send(new IssueCredits(batch, temporary ? TEMPORARY_PROJECT.projectId() : PROJECT,
                        LocalDate.of(vintage, 1, 1), LocalDate.of(vintage, 12, 31), quantity, pick(random, HOLDERS),
                        List.of("CCP"), false, ADMIN, null, bufferPercent,
                        temporary ? clock.today().plusDays(1 + random.nextInt(30)) : null, null), context);
                batches.add(batch);
                model.apply(batch, newEvents(batch, model), context);
                continue;
            }
            String batch = pick(random, batches);
            // mostly an account that holds credits of the batch, sometimes any, so that refusals are tried too
            List<String> holding = HOLDERS.stream().filter(a -> model.heldBy(batch, a) > 0).toList();
            String account = holding.isEmpty() || random.nextInt(10) == 0 ? pick(random, HELD) : pick(random, holding);
            long held = model.heldBy(batch, account);
            // mostly small parts of what the holder has, sometimes more than it has
            long quantity = random.nextInt(10) == 0 ? held + 1 + random.nextInt(50)
                    : 1 + (long) (Math.pow(random.nextDouble(), 3) * Math.max(1, held - 1));
            Actor actor = random.nextInt(8) == 0 ? ADMIN : holderOf(account);
            Object command = switch (random.nextInt(40)) {
                case 0 -> random.nextInt(15) == 0 ? new InvalidateBatch(batch, "verification withdrawn", ADMIN)
                        : new FreezeBatch(batch, "investigation", ADMIN);
                case 1, 2 -> new UnfreezeBatch(batch, "investigation closed", ADMIN);
                case 3 -> new ExpireCredits(batch);
                case 4 -> article6(batch, random);
                case 5 -> random.nextBoolean() ? reversal(batch, random, model.heldBy(batch, BufferPool.ACCOUNT))
                        : retirements.getOrDefault(batch, List.of()).isEmpty()
                        ? new UnfreezeBatch(batch, "never frozen", ADMIN)
                        : new ErasePersonalData(batch, pick(random, retirements.get(batch)), ADMIN);
                case 6, 7, 8, 9, 10 -> new CancelCredits(batch, account, quantity, "issuance error", actor);
                case 11, 12, 13, 14, 15, 16, 17, 18 -> new RetireCredits(batch, account, quantity,
                        "Beneficiary " + step, "claim " + step, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, actor);
                default -> new TransferCredits(batch, account, pick(random, HOLDERS), quantity, actor);
            };
            boolean accepted = send(command, context);
            List<DomainEventMessage<?>> produced = newEvents(batch, model);
            if (!accepted) {
                refused++;
                assertThat(produced).as("%s: a refused %s leaves no event", context, command).isEmpty();
                continue;
            }
            model.expectMove(batch, command, produced, context);
            model.apply(batch, produced, context);
            produced.stream().map(DomainEventMessage::getPayload).filter(CreditsRetired.class::isInstance)
                    .map(CreditsRetired.class::cast)
                    .forEach(r -> {
                        retirements.computeIfAbsent(batch, b -> new ArrayList<>()).add(r.retirementId());
                        records.add(batch, r.retirementId());
                    });
        }
        assertThat(refused).as("refusals tried").isPositive();
        assertThat(model.moves).as("accepted moves").isGreaterThan(STEPS / 4);
        assertThat(model.invalidations).as("batches invalidated").isPositive();
        assertThat(model.reversals).as("reversals compensated").isPositive();
        assertThat(model.expiries).as("temporary removals expired").isPositive();
        assertThat(model.article6Decisions).as("Article 6 decisions recorded").isPositive();
    }

    /** The host Party's decisions: a change of authorisation, or (as often) an adjustment applied. */
    private static Object article6(String batch, Random random) {
        if (random.nextBoolean()) {
            return new ApplyCorrespondingAdjustment(batch, CorrespondingAdjustmentStatus.APPLIED, "BTR 2026", ADMIN);
        }
        Article6Authorization authorization = pick(random, List.of(Article6Authorization.values()));
        return new ChangeAuthorization(batch, authorization,
                authorization == Article6Authorization.NOT_AUTHORIZED ? null : "LOA-" + random.nextInt(3), null,
                "letter of authorisation", ADMIN);
    }

    /** Mostly what the batch's buffer holds at most, sometimes more. */
    private static CompensateReversal reversal(String batch, Random random, long buffered) {
        long quantity = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE - 60, buffered + 50));
        return new CompensateReversal(batch, PROJECT, "reversal-" + random.nextInt(1_000), quantity, quantity,
                LocalDate.of(2026, 2, 1), "wildfire", ADMIN);
    }

    private boolean send(Object command, String context) {
        try {
            axon.commandGateway().sendAndWait(command);
            return true;
        } catch (CommandRefused refusal) {
            return false;
        } catch (RuntimeException unexpected) {
            return fail(context + ": " + command + " failed with something other than a refusal", unexpected);
        }
    }

    private List<DomainEventMessage<?>> newEvents(String batch, Model model) {
        EventStore store = axon.eventStore();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        store.readEvents(batch, model.nextSequence(batch)).asStream().forEach(events::add);
        return events;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Where each serial is, rebuilt from the events alone. */
    private static final class Model {
        private final Map<String, Map<Long, String>> places = new HashMap<>();
        private final Map<String, Long> issued = new HashMap<>();
        private final Map<String, CreditsIssued> issuances = new HashMap<>();
        private final Map<String, Long> nextSequence = new HashMap<>();
        private final Map<Long, String> batchOfSerial = new HashMap<>();
        private int moves;
        private int invalidations;
        private int reversals;
        private int expiries;
        private int article6Decisions;
        private final Set<String> invalidatedBatches = new HashSet<>();

        long nextSequence(String batch) {
            return nextSequence.getOrDefault(batch, 0L);
        }

        /** Serials per place (an account, retired, cancelled) per batch, kept along with the serials' places. */
        private final Map<String, Map<String, Long>> counts = new HashMap<>();

        CreditsIssued issue(String batch) {
            return issuances.get(batch);
        }

        long heldInAll() {
            return counts.values().stream().mapToLong(c -> HELD.stream().mapToLong(h -> c.getOrDefault(h, 0L)).sum()).sum();
        }

        long heldBy(String batch, String account) {
            return counts.getOrDefault(batch, Map.of()).getOrDefault(account, 0L);
        }

        /** The events say what the command asked: the asked quantity, out of the holder's lowest serials. */
        void expectMove(String batch, Object command, List<DomainEventMessage<?>> produced, String context) {
            long quantity;
            String from;
            if (command instanceof TransferCredits transfer) {
                quantity = transfer.quantity();
                from = transfer.from();
            } else if (command instanceof RetireCredits retire) {
                quantity = retire.quantity();
                from = retire.account();
            } else if (command instanceof CancelCredits cancel) {
                quantity = cancel.quantity();
                from = cancel.account();
            } else if (command instanceof CompensateReversal reversal) {
                quantity = reversal.quantity();
                from = BufferPool.ACCOUNT;
            } else {
                return;
            }
            assertThat(produced).as("%s: %s", context, command).hasSize(1);
            List<SerialBlock> blocks = blocksOf(produced.get(0).getPayload());
            List<Long> lowest = places.get(batch).entrySet().stream().filter(e -> e.getValue().equals(from))
                    .map(Map.Entry::getKey).sorted().limit(quantity).toList();
            assertThat(lowest).as("%s: %s asks for no more than %s holds", context, command, from).hasSize((int) quantity);
            assertThat(blocks.stream().flatMap(b -> serials(b).stream()).sorted().toList())
                    .as("%s: %s takes the lowest serials of %s", context, command, from).isEqualTo(lowest);
        }

        void apply(String batch, List<DomainEventMessage<?>> events, String context) {
            for (DomainEventMessage<?> message : events) {
                assertThat(message.getSequenceNumber()).isEqualTo(nextSequence(batch));
                nextSequence.put(batch, message.getSequenceNumber() + 1);
                Object event = message.getPayload();
                Map<Long, String> place = places.computeIfAbsent(batch, b -> new HashMap<>());
                if (event instanceof CreditsIssued issue) {
                    for (SerialBlock block : issue.serialBlocks()) {
                        for (long serial : serials(block)) {
                            String other = batchOfSerial.putIfAbsent(serial, batch);
                            assertThat(other).as("%s: serial %d issued again, already in %s", context, serial, other).isNull();
                            place.put(serial, issue.toAccount());
                        }
                        counts.computeIfAbsent(batch, b -> new HashMap<>()).merge(issue.toAccount(), block.quantity(), Long::sum);
                    }
                    issued.put(batch, issue.quantity());
                    issuances.put(batch, issue);
                } else if (event instanceof CreditsTransferred transfer) {
                    move(batch, place, transfer.from(), transfer.to(), transfer.serialBlocks(), transfer.quantity(), context);
                } else if (event instanceof CreditsRetired retire) {
                    move(batch, place, retire.account(), RETIRED, retire.serialBlocks(), retire.quantity(), context);
                } else if (event instanceof CreditsCancelled cancel) {
                    move(batch, place, cancel.account(), CANCELLED, cancel.serialBlocks(), cancel.quantity(), context);
                } else if (event instanceof BufferContributed contribution) {
                    // the buffer's share is the top of the issued range, straight after the issuance
                    long last = issue(batch).serialBlocks().get(0).last();
                    assertThat(contribution.serialBlocks()).as("%s: the buffer takes the top serials", context)
                            .containsExactly(new SerialBlock(last - contribution.quantity() + 1, last));
                    move(batch, place, contribution.from(), contribution.bufferAccount(), contribution.serialBlocks(),
                            contribution.quantity(), context);
                } else if (event instanceof ReversalCompensated reversal) {
                    reversals++;
                    move(batch, place, BufferPool.ACCOUNT, CANCELLED, reversal.serialBlocks(), reversal.quantity(), context);
                } else if (event instanceof BatchInvalidated invalidated) {
                    invalidations++;
                    invalidatedBatches.add(batch);
                    for (BatchInvalidated.CancelledHolding holding : invalidated.cancelled()) {
                        move(batch, place, holding.account(), INVALIDATED, holding.serialBlocks(), holding.quantity(), context);
                    }
                    assertThat(HELD.stream().mapToLong(h -> heldBy(batch, h)).sum())
                            .as("%s: nothing of %s is held once it is invalidated", context, batch).isZero();
                } else if (event instanceof CreditsExpired expiry) {
                    expiries++;
                    for (CreditsExpired.ExpiredHolding holding : expiry.expired()) {
                        move(batch, place, holding.account(), EXPIRED, holding.serialBlocks(), holding.quantity(), context);
                    }
                    assertThat(HELD.stream().mapToLong(h -> heldBy(batch, h)).sum())
                            .as("%s: nothing of %s is held once it expired", context, batch).isZero();
                } else if (event instanceof AuthorizationChanged || event instanceof CorrespondingAdjustmentApplied) {
                    // the host Party's decision: no serial moves, and an invalidated batch no longer changes
                    assertThat(invalidatedBatches).as("%s: %s after %s was invalidated", context, event, batch)
                            .doesNotContain(batch);
                    article6Decisions++;
                } else if (!(event instanceof BatchFrozen || event instanceof BatchUnfrozen
                        || event instanceof PersonalDataErased)) {
                    fail(context + ": an event the model does not know: " + event);
                }
            }
            Map<Long, String> place = places.get(batch);
            long held = 0;
            long retired = 0;
            long cancelled = 0;
            long invalidated = 0;
            long expired = 0;
            for (String where : place.values()) {
                if (HELD.contains(where)) {
                    held++;
                } else if (RETIRED.equals(where)) {
                    retired++;
                } else if (CANCELLED.equals(where)) {
                    cancelled++;
                } else if (INVALIDATED.equals(where)) {
                    invalidated++;
                } else if (EXPIRED.equals(where)) {
                    expired++;
                }
            }
            assertThat(held).as("%s: the counts kept alongside", context)
                    .isEqualTo(HELD.stream().mapToLong(h -> heldBy(batch, h)).sum());
            assertThat(held + retired + cancelled + invalidated + expired)
                    .as("%s: %s held %d + retired %d + cancelled %d + invalidated %d + expired %d = issued", context,
                            batch, held, retired, cancelled, invalidated, expired).isEqualTo(issued.get(batch)).isEqualTo(place.size());
        }

        private void move(String batch, Map<Long, String> place, String from, String to, List<SerialBlock> blocks, long quantity,
                          String context) {
            moves++;
            assertThat(blocks.stream().mapToLong(SerialBlock::quantity).sum())
                    .as("%s: blocks add up to the quantity", context).isEqualTo(quantity);
            for (SerialBlock block : blocks) {
                for (long serial : serials(block)) {
                    assertThat(place.get(serial)).as("%s: serial %d leaves %s", context, serial, from).isEqualTo(from);
                    place.put(serial, to);
                }
            }
            counts.get(batch).merge(from, -quantity, Long::sum);
            counts.get(batch).merge(to, quantity, Long::sum);
        }

        private static List<SerialBlock> blocksOf(Object event) {
            if (event instanceof CreditsTransferred transfer) {
                return transfer.serialBlocks();
            } else if (event instanceof CreditsRetired retire) {
                return retire.serialBlocks();
            } else if (event instanceof CreditsCancelled cancel) {
                return cancel.serialBlocks();
            } else if (event instanceof ReversalCompensated reversal) {
                return reversal.serialBlocks();
            }
            return List.of();
        }

        private static List<Long> serials(SerialBlock block) {
            List<Long> serials = new ArrayList<>();
            for (long serial = block.first(); serial <= block.last(); serial++) {
                serials.add(serial);
            }
            return serials;
        }
    }

    /** Ids as {@link FixedStamps} hands them out, and a time that moves an hour on with every id. */
    private static final class AdvancingStamps implements Stamps {
        private long issued;

        void reset() {
            issued = 0;
        }

        LocalDate today() {
            return LocalDate.ofInstant(now(), ZoneOffset.UTC);
        }

        @Override
        public UUID newId() {
            return FixedStamps.id(++issued);
        }

        @Override
        public Instant now() {
            return FixedStamps.NOW.plus(Duration.ofHours(issued));
        }
    }
}
