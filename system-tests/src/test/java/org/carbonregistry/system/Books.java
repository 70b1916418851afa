package org.carbonregistry.system;

import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.TopicRecords;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the registry's books must show after any run, faults or not: the checks the system tests share. */
final class Books {

    private Books() {
    }

    /**
     * Reads the topic from its start: every record is a canonical envelope; a repeated event id (at-least-once
     * publishing) repeats the same bytes; each aggregate's sequences are 0..n-1 without a gap or a second event
     * at one position; every accepted command's event is there; and the ledger's leaves are exactly the distinct
     * events, each once, with the tree size equal to their number.
     *
     * @return the distinct events on the topic
     */
    static int assertLedgerHoldsEachTopicEventOnce(String bootstrapServers, LedgerView ledger,
                                                   List<Workload.Accepted> everAccepted, Duration settle) throws Exception {
        List<TopicRecords.Record> records = TopicRecords.readAll(bootstrapServers, RegistryStack.TOPIC);
        Map<String, byte[]> distinct = new HashMap<>();
        Map<String, Map<Long, String>> sequences = new HashMap<>();
        for (TopicRecords.Record record : records) {
            String eventId = record.envelope().eventId().toString();
            byte[] earlier = distinct.putIfAbsent(eventId, record.value());
            if (earlier != null) {
                assertThat(Arrays.equals(earlier, record.value())).as("event %s sent twice with other bytes", eventId).isTrue();
                continue;
            }
            assertThat(record.key()).as("record key of %s", eventId).isEqualTo(record.envelope().aggregateId());
            String other = sequences.computeIfAbsent(record.envelope().aggregateId(), aggregate -> new HashMap<>())
                    .put(record.envelope().sequence(), eventId);
            assertThat(other).as("two events at sequence %d of %s", record.envelope().sequence(), record.envelope().aggregateId()).isNull();
        }
        sequences.forEach((aggregate, bySequence) -> assertThat(new TreeSet<>(bySequence.keySet()))
                .as("sequences of %s", aggregate).containsExactlyElementsOf(
                        LongStream.range(0, bySequence.size()).boxed().toList()));
        assertThat(distinct.keySet()).containsAll(eventIds(everAccepted));

        // the ledger may still be appending the last records read: wait for it to have as many as the topic
        long deadline = System.nanoTime() + settle.toNanos();
        List<String> leaves = ledger.leafEventIds();
        while (leaves.size() < distinct.size() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            leaves = ledger.leafEventIds();
        }
        assertThat(leaves).doesNotHaveDuplicates();
        assertThat(new HashSet<>(leaves)).isEqualTo(distinct.keySet());
        System.out.printf("topic: %d records, %d distinct events (%d resent), %d aggregates; ledger: %d leaves%n",
                records.size(), distinct.size(), records.size() - distinct.size(), sequences.size(), leaves.size());
        return distinct.size();
    }

    /** The registry-wide and per-account ESRS reports of 2024 and 2025 list exactly the retirements made. */
    static void assertReportsEqualTheRetirementsMade(ReportView reports, Workload workload, Duration settle) throws Exception {
        List<Workload.Accepted> retirements = workload.everAccepted().stream()
                .filter(command -> command.kind() == Workload.Kind.RETIRE).toList();
        for (int year : new int[]{2024, 2025}) {
            List<Workload.Accepted> ofYear = retirements.stream().filter(r -> r.reportingYear() == year).toList();
            reports.awaitRetirementCount(year, null, RegistryStack.ADMIN_KEY, ofYear.size(), settle);
            ReportView.assertMatches(reports.esrs(year, null, RegistryStack.ADMIN_KEY), ofYear);
            for (Workload.Account corporate : workload.corporates()) {
                List<Workload.Accepted> ofAccount = ofYear.stream().filter(r -> r.account().equals(corporate.accountId())).toList();
                ReportView.assertMatches(reports.esrs(year, corporate.accountId(), corporate.key()), ofAccount);
            }
        }
    }

    static List<String> eventIds(List<Workload.Accepted> commands) {
        return commands.stream().map(Workload.Accepted::eventId).toList();
    }
}
