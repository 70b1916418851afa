package org.carbonregistry.reporting.projection;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;

/** The {@code source} object of every report: the last event it includes and the offsets per partition. */
public final class SourcePositionJson {

    private SourcePositionJson() {
    }

    public static void write(JsonGenerator json, String field, SourcePosition source) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("topic", source.topic());
        writeInstant(json, "asOf", source.asOf());
        json.writeStringField("lastEventId", source.lastEventId() == null ? null : source.lastEventId().toString());
        writeInstant(json, "lastEventTime", source.lastEventTime());
        json.writeArrayFieldStart("partitions");
        for (SourcePosition.PartitionPosition partition : source.partitions()) {
            json.writeStartObject();
            json.writeNumberField("partition", partition.partition());
            json.writeNumberField("lastOffset", partition.lastOffset());
            writeInstant(json, "lastEventTime", partition.lastEventTime());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    public static void writeInstant(JsonGenerator json, String field, Instant instant) throws IOException {
        if (instant == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, org.carbonregistry.events.EventJson.INSTANT_FORMAT.format(instant));
        }
    }
}
