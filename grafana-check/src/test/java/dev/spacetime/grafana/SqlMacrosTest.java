package dev.spacetime.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The expansions are the texts Grafana's PostgreSQL backend produces (its macros_test.go cases). */
class SqlMacrosTest {

    static final TimeRange RANGE = new TimeRange(Instant.parse("2018-04-12T18:00:00Z"),
            Instant.parse("2018-04-12T18:05:00Z"), Duration.ofMinutes(1));

    @Test
    void timeMacros() {
        assertEquals("select time_column AS \"time\"", SqlMacros.expand("select $__time(time_column)", RANGE));
        assertEquals("select extract(epoch from time) as \"time\"", SqlMacros.expand("select $__timeEpoch(time)", RANGE));
        assertEquals("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'",
                SqlMacros.expand("WHERE $__timeFilter(time_column)", RANGE));
        assertEquals("select '2018-04-12T18:00:00Z', '2018-04-12T18:05:00Z'",
                SqlMacros.expand("select $__timeFrom(), $__timeTo()", RANGE));
    }

    @Test
    void timeGroupTakesQuotedOrBareIntervalsAndAFill() {
        assertEquals("GROUP BY floor(extract(epoch from time_column)/300)*300",
                SqlMacros.expand("GROUP BY $__timeGroup(time_column,'5m')", RANGE));
        assertEquals("GROUP BY floor(extract(epoch from time_column)/300)*300",
                SqlMacros.expand("GROUP BY $__timeGroup(time_column, 5m, NULL)", RANGE));
        assertEquals("select floor(extract(epoch from t)/0.5)*0.5 AS \"time\"",
                SqlMacros.expand("select $__timeGroupAlias(t, 500ms)", RANGE));
    }

    @Test
    void aTimeGroupFollowedByACommaGetsTheAliasAsInGrafanaBefore53() {
        assertEquals("select floor(extract(epoch from t)/60)*60 AS \"time\", v",
                SqlMacros.expand("select $__timeGroup(t, 1m), v", RANGE));
    }

    @Test
    void numbersAndTimesAreFormattedAsGoFormatsThem() {
        assertEquals("1.2096e+06", SqlMacros.seconds("2w"));
        assertEquals("86400", SqlMacros.seconds("1d"));
        assertEquals("0.001", SqlMacros.seconds("1ms"));
        assertEquals("2018-04-12T18:00:00.5Z", SqlMacros.rfc3339Nano(Instant.parse("2018-04-12T18:00:00.500Z")));
        assertEquals("2018-04-12T18:00:00Z", SqlMacros.rfc3339Nano(Instant.parse("2018-04-12T18:00:00Z")));
    }

    @Test
    void unixEpochMacros() {
        assertEquals("select time >= 1523556000 AND time <= 1523556300",
                SqlMacros.expand("select $__unixEpochFilter(time)", RANGE));
        assertEquals("select 1523556000, 1523556300", SqlMacros.expand("select $__unixEpochFrom(), $__unixEpochTo()", RANGE));
        assertEquals("select floor((t)/3600)*3600 AS \"time\"", SqlMacros.expand("select $__unixEpochGroupAlias(t, '1h')", RANGE));
        assertEquals("select t >= 1523556000000000000 AND t <= 1523556300000000000",
                SqlMacros.expand("select $__unixEpochNanoFilter(t)", RANGE));
    }

    @Test
    void unknownMacrosAndBadIntervalsAreErrors() {
        assertEquals("unknown macro \"__nope\"",
                assertThrows(IllegalArgumentException.class, () -> SqlMacros.expand("$__nope(x)", RANGE)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SqlMacros.expand("$__timeGroup(t, fast)", RANGE));
        assertThrows(IllegalArgumentException.class, () -> SqlMacros.expand("$__timeGroup(t)", RANGE));
    }
}
