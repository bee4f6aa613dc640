package dev.spacetime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared test database: real PostgreSQL 17 binaries, the platform's roles and database. */
class PostgresTest {

    @Test
    void ownerCreatesTablesAndReaderOnlyReadsThem() throws SQLException {
        Postgres pg = StackTestResource.postgres();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS reader_probe (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO reader_probe VALUES (1, 'hello') ON CONFLICT DO NOTHING");
        }
        try (Connection c = pg.connectAsReader(Postgres.DATABASE); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT note FROM reader_probe WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals("hello", rs.getString(1));
            }
            SQLException insert = assertThrows(SQLException.class,
                    () -> s.execute("INSERT INTO reader_probe VALUES (2, 'nope')"));
            assertTrue(insert.getMessage().contains("read-only") || insert.getMessage().contains("permission denied"),
                    insert.getMessage());
        }
        try (Connection c = pg.connectAsReader(Postgres.DATABASE); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            SQLException update = assertThrows(SQLException.class, () -> s.execute("UPDATE reader_probe SET note = 'x'"));
            assertTrue(update.getMessage().contains("permission denied"), update.getMessage());
            SQLException create = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE evil (id int)"));
            assertTrue(create.getMessage().contains("permission denied"), create.getMessage());
        }
    }

    @Test
    void rolesAndDatabaseExist() throws SQLException {
        Postgres pg = StackTestResource.postgres();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), current_user, "
                        + "(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()), "
                        + "(SELECT count(*) FROM pg_roles WHERE rolname = 'spacetime_grafana'), "
                        + "current_setting('server_version_num')::int")) {
            assertTrue(rs.next());
            assertEquals(Postgres.DATABASE, rs.getString(1));
            assertEquals(Postgres.OWNER, rs.getString(2));
            assertEquals(Postgres.OWNER, rs.getString(3));
            assertEquals(1, rs.getInt(4));
            assertTrue(rs.getInt(5) >= 170000, "PostgreSQL 17: " + rs.getInt(5));
        }
        assertTrue(pg.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), pg.jdbcUrl());
    }

    @Test
    void restartKeepsDataAndPort() throws SQLException {
        Postgres pg = StackTestResource.postgres();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS restart_probe (id int PRIMARY KEY)");
            s.execute("INSERT INTO restart_probe VALUES (42) ON CONFLICT DO NOTHING");
        }
        long before = pg.process().orElseThrow().pid();
        int port = pg.port();
        StackTestResource.restartPostgres();
        assertTrue(pg.process().orElseThrow().pid() != before, "a new postmaster");
        assertEquals(port, pg.port());
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM restart_probe WHERE id = 42")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aPersistentServerKeepsDataAcrossStopAndStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws SQLException {
        Postgres first = Postgres.builder().home(dir).start();
        int port = first.port();
        try (Connection c = first.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        first.stop();
        assertTrue(first.process().isEmpty(), "stopped");
        Postgres second = Postgres.builder().home(dir).port(port).start();
        try (Connection c = second.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
        } finally {
            second.stop();
        }
    }
}
