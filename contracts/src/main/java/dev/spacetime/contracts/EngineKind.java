package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which engine runs a job: the SIMD engine for dense nets, or the chunked-disk engine for deep residual stacks. */
public enum EngineKind {
    SIMD("simd"), CHUNKED_DISK("chunked-disk");

    private final String wire;

    EngineKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static EngineKind parse(String value) {
        for (EngineKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + value + "': simd or chunked-disk");
    }
}
