package dev.spacetime.results.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.Json;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Column arrays for {@code INSERT ... SELECT ... FROM unnest(?, ?, ...)}: one statement and one round trip writes a
 * whole batch of rows into a table, whatever its size. Timestamps and JSON travel as text and are cast in SQL.
 */
final class SqlArrays {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    private SqlArrays() {
    }

    static <T> Array text(Connection c, Collection<T> rows, Function<T, String> f) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(f).toArray(String[]::new));
    }

    static <T> Array instants(Connection c, Collection<T> rows, Function<T, Instant> f) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(f).map(i -> i == null ? null : i.toString()).toArray(String[]::new));
    }

    static <T> Array json(Connection c, Collection<T> rows, Function<T, Map<String, ?>> f) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(f).map(SqlArrays::toJson).toArray(String[]::new));
    }

    static <T> Array int8(Connection c, Collection<T> rows, Function<T, Long> f) throws SQLException {
        return c.createArrayOf("int8", rows.stream().map(f).toArray(Long[]::new));
    }

    static <T> Array int4(Connection c, Collection<T> rows, Function<T, Integer> f) throws SQLException {
        return c.createArrayOf("int4", rows.stream().map(f).toArray(Integer[]::new));
    }

    static <T> Array float8(Connection c, Collection<T> rows, Function<T, Double> f) throws SQLException {
        return c.createArrayOf("float8", rows.stream().map(f).toArray(Double[]::new));
    }

    static <T> Array bool(Connection c, Collection<T> rows, Function<T, Boolean> f) throws SQLException {
        return c.createArrayOf("bool", rows.stream().map(f).toArray(Boolean[]::new));
    }

    static String toJson(Map<String, ?> m) {
        if (m == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + m + " as JSON", e);
        }
    }
}
