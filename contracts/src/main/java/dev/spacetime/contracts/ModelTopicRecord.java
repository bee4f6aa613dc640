package dev.spacetime.contracts;

import java.nio.charset.StandardCharsets;

/**
 * The record types on {@link Topics#MODELS}, told apart by the header {@value #HEADER}. A record without the header is
 * a {@link ModelPublished}: the topic carried nothing else before retirements existed, so old records and old
 * producers stay valid.
 */
public enum ModelTopicRecord {
    PUBLISHED("ModelPublished", ModelPublished.class),
    RETIRED("ModelRetired", ModelRetired.class);

    public static final String HEADER = "spacetime-record-type";

    private final String wire;
    private final Class<? extends Record> type;

    ModelTopicRecord(String wire, Class<? extends Record> type) {
        this.wire = wire;
        this.type = type;
    }

    /** The header value, the record's simple class name. */
    public String wire() {
        return wire;
    }

    public byte[] headerValue() {
        return wire.getBytes(StandardCharsets.UTF_8);
    }

    public Class<? extends Record> type() {
        return type;
    }

    /** The type a header value names; null (no header) is PUBLISHED; anything else is refused, naming it. */
    public static ModelTopicRecord of(byte[] headerValue) {
        if (headerValue == null) {
            return PUBLISHED;
        }
        String value = new String(headerValue, StandardCharsets.UTF_8);
        for (ModelTopicRecord r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("header " + HEADER + " '" + value + "' names no record type of "
                + Topics.MODELS + ": ModelPublished or ModelRetired");
    }
}
