package dev.spacetime.results.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest's own JSON and microseconds, against Jackson and PostgreSQL's rounding of a parsed timestamp. */
class JsonTextTest {

    @Test
    void writesWhatJacksonWrites() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plain", 0.975);
        m.put("tiny", 1.0E-12);
        m.put("huge", 6.02E23);
        m.put("whole", 78775.0);
        m.put("nan", Double.NaN);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("quote\"back\\slash", "line\nbreak\ttab\u0001ctl é ✓");
        m.put("empty", "");
        String ours = JsonText.object(m);
        JsonNode parsed = Json.MAPPER.readTree(ours);
        assertEquals(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(m)), parsed, ours);
        assertEquals("NaN", parsed.get("nan").asText(), "a non-finite number is a string, as Jackson writes it");
        assertEquals("{}", JsonText.object(Map.of()));
        assertEquals(null, JsonText.object(null));
    }

    @Test
    void microsecondsAreRoundedAsPostgresRoundsText() {
        assertEquals(1_795_435_200_123_457L, SqlArrays.micros(Instant.parse("2026-11-23T12:00:00.123456789Z")));
        assertEquals(1_795_435_200_123_456L, SqlArrays.micros(Instant.parse("2026-11-23T12:00:00.123456499Z")));
        assertEquals(0L, SqlArrays.micros(Instant.parse("1969-12-31T23:59:59.999999600Z")));
        assertEquals(-1L, SqlArrays.micros(Instant.parse("1969-12-31T23:59:59.999999Z")));
    }
}
