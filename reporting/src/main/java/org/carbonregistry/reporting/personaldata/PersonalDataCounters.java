package org.carbonregistry.reporting.personaldata;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what became of personal data, as the metric {@code reporting.personal.data{outcome=...}} and for
 * {@code /api/status}. A rejected record (one that does not open its retirement's commitments) is counted here and
 * nowhere else: its text is never logged.
 */
public class PersonalDataCounters {

    private final Map<PersonalDataOutcome, Counter> counters = new EnumMap<>(PersonalDataOutcome.class);

    public PersonalDataCounters(MeterRegistry meters) {
        for (PersonalDataOutcome outcome : PersonalDataOutcome.values()) {
            counters.put(outcome, Counter.builder("reporting.personal.data")
                    .description("registry.personal-data records and retirements by what became of their personal data")
                    .tag("outcome", outcome.name().toLowerCase())
                    .register(meters));
        }
    }

    public void count(Collection<PersonalDataOutcome> outcomes) {
        outcomes.forEach(outcome -> counters.get(outcome).increment());
    }

    public long count(PersonalDataOutcome outcome) {
        return (long) counters.get(outcome).count();
    }

    /** outcome -> count since start, for {@code /api/status}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((outcome, counter) -> snapshot.put(outcome.name().toLowerCase(), (long) counter.count()));
        return snapshot;
    }
}
