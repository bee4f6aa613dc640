package dev.spacetime.results.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Column arrays for {@code INSERT ... SELECT ... FROM (SELECT unnest(?), unnest(?), ...)}: one statement and one
 * round trip writes a whole batch of rows into a table, whatever its size. Numbers and timestamps travel in binary
 * (pgjdbc encodes arrays of numbers and strings in PostgreSQL's binary array format), JSON as text cast to jsonb.
 */
final class SqlArrays {

    private SqlArrays() {
    }

    static <T> Array text(Connection c, Collection<T> rows, Function<T, String> f) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(f).toArray(String[]::new));
    }

    /** Microseconds since 1970 ({@link #micros}), for {@code results.timestamptz_from_micros} in SQL. */
    static <T> Array timestamps(Connection c, Collection<T> rows, Function<T, Instant> f) throws SQLException {
        Long[] micros = new Long[rows.size()];
        int i = 0;
        for (T row : rows) {
            Instant t = f.apply(row);
            micros[i++] = t == null ? null : micros(t);
        }
        return c.createArrayOf("int8", micros);
    }

    /**
     * Microseconds since 1970, rounded as PostgreSQL rounds the fraction of a timestamp it parses; throws
     * ArithmeticException beyond ±292,000 years (WireRecords refuses such events before they get here).
     */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
    }

    /** Flat JSON objects (metrics, attributes) written by {@link JsonText}, parsed into jsonb by PostgreSQL. */
    static <T> Array json(Connection c, Collection<T> rows, Function<T, Map<String, ?>> f) throws SQLException {
        StringBuilder buffer = new StringBuilder(256);
        String[] texts = new String[rows.size()];
        int i = 0;
        for (T row : rows) {
            Map<String, ?> m = f.apply(row);
            texts[i++] = m == null ? null : JsonText.object(m, buffer);
        }
        return c.createArrayOf("text", texts);
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
}
