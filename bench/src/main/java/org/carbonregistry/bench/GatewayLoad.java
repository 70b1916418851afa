package org.carbonregistry.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.account.OpenAccount;
import org.carbonregistry.registry.batch.IssueCredits;
import org.carbonregistry.registry.batch.RetireCredits;
import org.carbonregistry.registry.batch.TransferCredits;
import org.carbonregistry.registry.project.RegisterProject;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Commands straight into Axon's CommandGateway, as the HTTP controllers send them once a caller is
 * authenticated: closed loop, each client thread waits for its command before sending the next.
 */
final class GatewayLoad {

    private final CommandGateway gateway;

    GatewayLoad(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Accounts, a project and batches, by the same commands an administrator's requests send. */
    Fixture setUp(String name, int batches) {
        Actor admin = new Actor(RunningRegistry.OPERATOR_ACCOUNT, Role.REGISTRY_ADMIN);
        String developer = UUID.randomUUID().toString();
        gateway.sendAndWait(new OpenAccount(developer, name + " developer", AccountType.PROJECT_DEVELOPER, "BR", admin));
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < Fixture.HOLDERS; i++) {
            String holder = UUID.randomUUID().toString();
            gateway.sendAndWait(new OpenAccount(holder, name + " holder " + i, AccountType.CORPORATE, "DE", admin));
            holders.add(holder);
        }
        String project = UUID.randomUUID().toString();
        gateway.sendAndWait(new RegisterProject(project, name + " project", Standard.VCS, "VM0042", "BR",
                ProjectCategory.REDUCTION, null, "Improved agricultural land management", developer, admin));
        List<String> batchIds = new ArrayList<>();
        Actor firstHolder = new Actor(holders.get(0), Role.ACCOUNT_HOLDER);
        for (int b = 0; b < batches; b++) {
            String batchId = UUID.randomUUID().toString();
            gateway.sendAndWait(new IssueCredits(batchId, project, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31),
                    Fixture.ISSUED_PER_BATCH, holders.get(0), List.of("CCP"), false, admin));
            for (int h = 1; h < holders.size(); h++) {
                gateway.sendAndWait(new TransferCredits(batchId, holders.get(0), holders.get(h),
                        Fixture.SHARE_PER_HOLDER, firstHolder));
            }
            batchIds.add(batchId);
        }
        return new Fixture(holders, batchIds, Map.of());
    }

    /**
     * Sends {@code commands} commands from {@code threads} threads, or fewer if {@code maxDuration} runs out
     * first; latencies go to the recorder.
     *
     * @return from the first send to the last answer
     */
    Duration run(Fixture fixture, int commands, int threads, LatencyRecorder recorder, long seed,
                 Duration maxDuration) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads("gateway-client-"));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> clients = new ArrayList<>();
            int year = Year.now().getValue();
            for (int t = 0; t < threads; t++) {
                int share = commands / threads + (t < commands % threads ? 1 : 0);
                Workload workload = new Workload(fixture, seed + t);
                clients.add(pool.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + maxDuration.toNanos();
                    for (int i = 0; i < share && System.nanoTime() < deadline; i++) {
                        Object command = command(workload.next(), year);
                        long sent = System.nanoTime();
                        try {
                            gateway.sendAndWait(command);
                        } catch (RuntimeException e) {
                            recorder.error(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                        recorder.record(System.nanoTime() - sent);
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
            return Duration.ofNanos(System.nanoTime() - began);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a gateway client thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static Object command(Workload.Operation operation, int reportingYear) {
        Actor holder = new Actor(operation.from(), Role.ACCOUNT_HOLDER);
        return switch (operation.kind()) {
            case TRANSFER -> new TransferCredits(operation.batchId(), operation.from(), operation.to(),
                    operation.quantity(), holder);
            case RETIREMENT -> new RetireCredits(operation.batchId(), operation.from(), operation.quantity(),
                    "Bench beneficiary", "Load test of voluntary offsetting",
                    org.carbonregistry.events.Commitment.encodeSalt(org.carbonregistry.events.Commitment.newSalt()),
                    org.carbonregistry.events.Commitment.encodeSalt(org.carbonregistry.events.Commitment.newSalt()),
                    reportingYear, null, holder);
        };
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
