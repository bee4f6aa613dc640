package dev.spacetime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.stack.Postgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V4 on a server set up by hand, where Grafana's role does not exist: an owner with CREATEROLE gets the role created
 * (log in with the placeholder's password, read everything, write nothing); an owner without it migrates anyway,
 * without the role. A later password does not change the migration's checksum. Plain JUnit on a throw-away PostgreSQL
 * of its own, because the roles it creates are server-wide.
 */
class GrafanaRoleMigrationTest {

    static Postgres pg;
    static String superPassword;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.builder().start();
        // The embedded server's superuser password, next to its data folder: only a superuser may hand out CREATEROLE.
        superPassword = Files.readString(pg.dataDir().orElseThrow().getParent().resolve("superuser.password")).strip();
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE owner_can LOGIN CREATEROLE PASSWORD 'o1'");
            s.execute("CREATE DATABASE db_can OWNER owner_can");
            s.execute("CREATE ROLE owner_cannot LOGIN PASSWORD 'o2'");
            s.execute("CREATE DATABASE db_cannot OWNER owner_cannot");
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    static Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(db), "postgres", superPassword);
    }

    static Flyway flyway(String db, String owner, String ownerPassword, String role, String rolePassword) {
        return Flyway.configure().dataSource(pg.jdbcUrl(db), owner, ownerPassword).schemas("results")
                .defaultSchema("results").createSchemas(true).locations("classpath:db/migration")
                .placeholders(Map.of("grafana_role", role, "grafana_password", rolePassword)).load();
    }

    @Test
    void anOwnerWithCreateRoleCreatesTheReadOnlyRole() throws SQLException {
        flyway("db_can", "owner_can", "o1", "reader_made", "it's $ secret").migrate();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("db_can"), "reader_made", "it's $ secret");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results.frontier")) {
                assertTrue(rs.next());
            }
            SQLException readOnly = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM results.jobs"));
            assertEquals("25006", readOnly.getSQLState(), readOnly.getMessage());
            s.execute("SET default_transaction_read_only = off");
            SQLException denied = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM results.jobs"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage());
        }
        // Another password later: the checksum is the script's, so validation passes (and the password stays).
        assertTrue(flyway("db_can", "owner_can", "o1", "reader_made", "another").validateWithResult().validationSuccessful);
    }

    @Test
    void anOwnerWithoutCreateRoleMigratesWithoutTheRole() throws SQLException {
        assertTrue(flyway("db_cannot", "owner_cannot", "o2", "reader_never", "x").migrate().success);
        try (Connection c = superuser("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'reader_never'")) {
            assertFalse(rs.next());
        }
    }
}
