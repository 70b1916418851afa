package org.carbonregistry.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one JSON mapping of events: every service and every verifier reads and writes events through it, so
 * the bytes an event hashes to do not depend on who wrote them.
 */
public final class EventJson {

    /** Instants are UTC with exactly three fraction digits, as the envelope prescribes. */
    public static final DateTimeFormatter INSTANT_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("registry-instants").addSerializer(Instant.class, new MillisInstantSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Tolerant reader: a newer registry may add fields that an older consumer does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, Class<? extends RegistryEvent>> TYPES = Stream.of(
                    AccountOpened.class, ProjectRegistered.class, CreditsIssued.class, CreditsTransferred.class,
                    CreditsRetired.class, CreditsCancelled.class, BatchFrozen.class, BatchUnfrozen.class,
                    PersonalDataErased.class, RetirementPlanned.class, RetirementPlanWithdrawn.class, ClaimMade.class,
                    LabelRegistered.class, BatchInvalidated.class, BufferContributed.class,
                    ReversalCompensated.class, CreditsExpired.class, AuthorizationChanged.class,
                    CorrespondingAdjustmentApplied.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The envelope {@code type} of an event: its record's simple name, e.g. {@code CreditsRetired}. */
    public static String typeOf(RegistryEvent event) {
        return event.getClass().getSimpleName();
    }

    public static Class<? extends RegistryEvent> classOf(String type) {
        Class<? extends RegistryEvent> eventClass = TYPES.get(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        return eventClass;
    }

    public static JsonNode toTree(RegistryEvent event) {
        return MAPPER.valueToTree(event);
    }

    public static RegistryEvent fromTree(String type, JsonNode payload) {
        try {
            return MAPPER.treeToValue(payload, classOf(type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not a valid " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Event time as the registry records it: truncated to milliseconds so it survives the envelope unchanged. */
    public static Instant eventTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static final class MillisInstantSerializer extends StdSerializer<Instant> {
        MillisInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(INSTANT_FORMAT.format(value));
        }
    }
}
