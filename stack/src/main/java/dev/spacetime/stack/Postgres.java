package dev.spacetime.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's PostgreSQL: either an embedded server (PostgreSQL 17 binaries from Maven Central, run with
 * {@code initdb}/{@code pg_ctl}, listening on 127.0.0.1) with a throw-away or persistent data folder, or an existing
 * server given by JDBC URL. Either way it provisions what the services need, creating only what is missing:
 * <ul>
 *   <li>role {@value #OWNER} (login, password from {@value #PASSWORD_ENV}, default {@value #DEFAULT_PASSWORD}) that
 *       owns database {@value #DATABASE}, where results-service's Flyway creates the schema;</li>
 *   <li>role {@value #READER} (login, password from {@value #READER_PASSWORD_ENV}, default
 *       {@value #DEFAULT_READER_PASSWORD}): read-only, {@code SELECT} on every table of schema {@code public} now and
 *       later (default privileges of {@value #OWNER}), for Grafana's PostgreSQL datasource.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Postgres pg = Postgres.builder().start()) {         // throw-away, free port, ~2-3 s
 *     String url = pg.jdbcUrl();                            // jdbc:postgresql://127.0.0.1:41234/spacetime_results
 *     pg.user(); pg.password();
 * }
 * Postgres.builder().home(dir).port(5433).stopOnExit(false).start();          // persistent (the local stack)
 * Postgres.builder().existing("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "secret").start();
 * }</pre>
 *
 * <b>An existing server</b> (e.g. Debian's PostgreSQL 15: {@code pg_ctlcluster 15 main start}, then
 * {@code runuser -u postgres -- psql -c "ALTER USER postgres PASSWORD 'secret'"}) is used when
 * {@link Builder#existing} is called or {@value #URL_ENV} is set (with {@value #ADMIN_USER_ENV} and
 * {@value #ADMIN_PASSWORD_ENV} for an account that may create roles and databases). Without an admin account the
 * roles and the database must exist already; the error says which SQL creates them.
 */
public final class Postgres implements AutoCloseable {

    public static final String DATABASE = "spacetime_results";
    public static final String OWNER = "spacetime";
    public static final String READER = "spacetime_grafana";
    public static final String DEFAULT_PASSWORD = "spacetime";
    public static final String DEFAULT_READER_PASSWORD = "spacetime_grafana";
    public static final String PASSWORD_ENV = "SPACETIME_DB_PASSWORD";
    public static final String READER_PASSWORD_ENV = "SPACETIME_GRAFANA_DB_PASSWORD";
    /** Admin JDBC URL of an existing server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}. */
    public static final String URL_ENV = "SPACETIME_POSTGRES_URL";
    public static final String ADMIN_USER_ENV = "SPACETIME_POSTGRES_ADMIN_USER";
    public static final String ADMIN_PASSWORD_ENV = "SPACETIME_POSTGRES_ADMIN_PASSWORD";

    static final String SUPERUSER = "postgres";
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)(/([^?]*))?(\\?.*)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Embedded embedded;
    private final String adminUrl;
    private final String adminUser;
    private final String adminPassword;
    private final String password;
    private final String readerPassword;
    private final Thread shutdownHook;

    private Postgres(Embedded embedded, String adminUrl, String adminUser, String adminPassword, String password,
            String readerPassword, boolean stopOnExit) {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.password = password;
        this.readerPassword = readerPassword;
        this.shutdownHook = embedded != null && stopOnExit ? new Thread(this::stopQuietly, "postgres-stop") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** JDBC URL of the platform database ({@value #DATABASE}). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of database {@code db} on this server. */
    public String jdbcUrl(String db) {
        Matcher m = URL.matcher(adminUrl);
        if (!m.matches()) {
            throw new StackException("not a PostgreSQL JDBC URL: " + adminUrl);
        }
        return "jdbc:postgresql://" + m.group(1) + "/" + db + (m.group(4) != null ? m.group(4) : "");
    }

    /** The owner role the services log in as ({@value #OWNER}). */
    public String user() {
        return OWNER;
    }

    public String password() {
        return password;
    }

    /** The read-only role for dashboards ({@value #READER}). */
    public String readerUser() {
        return READER;
    }

    public String readerPassword() {
        return readerPassword;
    }

    /** True for the server this class runs; false for an existing server given by URL. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The port the server listens on. */
    public int port() {
        Matcher m = URL.matcher(adminUrl);
        if (m.matches()) {
            String hostPort = m.group(1);
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0) {
                return Integer.parseInt(hostPort.substring(colon + 1));
            }
        }
        return 5432;
    }

    /** The postmaster process of an embedded server (empty for an existing server or a stopped one). */
    public Optional<ProcessHandle> process() {
        return embedded == null ? Optional.empty() : embedded.postmaster();
    }

    /** The server log of an embedded server. */
    public Optional<Path> logFile() {
        return embedded == null ? Optional.empty() : Optional.of(embedded.log);
    }

    /** The data folder of an embedded server. */
    public Optional<Path> dataDir() {
        return embedded == null ? Optional.empty() : Optional.of(embedded.data);
    }

    /** A connection to {@code db} as the owner role ({@value #OWNER}); the caller closes it. */
    public Connection connect(String db) throws SQLException {
        return connect(jdbcUrl(db), OWNER, password);
    }

    /** A connection to {@value #DATABASE} as the owner role; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    /** A connection to {@code db} as the read-only role ({@value #READER}); the caller closes it. */
    public Connection connectAsReader(String db) throws SQLException {
        return connect(jdbcUrl(db), READER, readerPassword);
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "spacetime-stack");
        return DriverManager.getConnection(url, p);
    }

    /** True if {@value #DATABASE} answers {@code SELECT 1} as the owner within a few seconds. */
    public boolean isHealthy() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Creates database {@code db} owned by {@value #OWNER} if it is missing, with the read-only grants for
     * {@value #READER}. Services that need a database of their own (one Flyway schema history per database) call this.
     */
    public void ensureDatabase(String db) {
        if (adminUser == null) {
            checkWithoutAdmin(db);
            return;
        }
        requireIdentifier(db);
        try (Connection c = connect(adminUrl, adminUser, adminPassword); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db)) {
                s.execute("CREATE DATABASE " + db + " OWNER " + OWNER + " ENCODING 'UTF8' TEMPLATE template0");
            }
        } catch (SQLException e) {
            throw new StackException("cannot create database " + db + " on " + adminUrl + ": " + e.getMessage(), e);
        }
        try (Connection c = connect(jdbcUrl(db), adminUser, adminPassword); Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + db + " TO " + READER);
            // PostgreSQL before 15 lets every role create tables in public; the dashboards' role must not write.
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("GRANT USAGE ON SCHEMA public TO " + READER);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
            s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public GRANT SELECT ON TABLES TO " + READER);
        } catch (SQLException e) {
            throw new StackException("cannot grant " + READER + " read access in " + db + ": " + e.getMessage(), e);
        }
    }

    private void provision() {
        if (adminUser == null) {
            checkWithoutAdmin(DATABASE);
            return;
        }
        try (Connection c = connect(adminUrl, adminUser, adminPassword)) {
            ensureRole(c, OWNER, password);
            ensureRole(c, READER, readerPassword);
            try (Statement s = c.createStatement()) {
                // Belt and braces: a dashboard session cannot write even where a grant slipped through.
                s.execute("ALTER ROLE " + READER + " SET default_transaction_read_only = on");
            }
        } catch (SQLException e) {
            throw new StackException("cannot create the roles on " + adminUrl + " as " + adminUser + ": "
                    + e.getMessage(), e);
        }
        ensureDatabase(DATABASE);
    }

    /** Creates a login role if missing; the embedded server (ours) also resets the password to the configured one. */
    private void ensureRole(Connection c, String role, String rolePassword) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                s.execute("CREATE ROLE " + role + " LOGIN PASSWORD " + literal(rolePassword));
            } else if (embedded != null) {
                s.execute("ALTER ROLE " + role + " WITH LOGIN PASSWORD " + literal(rolePassword));
            }
        }
    }

    private void checkWithoutAdmin(String db) {
        try (Connection c = connect(db)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new StackException("cannot log in to " + jdbcUrl(db) + " as " + OWNER + " (" + e.getMessage()
                    + "). Either set " + ADMIN_USER_ENV + " and " + ADMIN_PASSWORD_ENV + " so that the stack creates "
                    + "what is missing, or create it yourself, e.g. on Debian: runuser -u postgres -- psql -c \"CREATE ROLE "
                    + OWNER + " LOGIN PASSWORD '...'; CREATE ROLE " + READER + " LOGIN PASSWORD '...'\" && runuser -u "
                    + "postgres -- createdb -O " + OWNER + " " + db, e);
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' must match " + IDENTIFIER.pattern());
        }
    }

    /**
     * Stops and starts an embedded server on the same data folder and port (data kept), to test that a service
     * survives a database restart. Open connections break; the server accepts new ones when this returns.
     */
    public void restart() {
        requireEmbedded("restart");
        embedded.stop();
        embedded.start();
    }

    /** Stops an embedded server ({@code pg_ctl stop -m fast}); no-op for an existing server. */
    public void stopServer() {
        if (embedded != null) {
            embedded.stop();
        }
    }

    /** Starts a stopped embedded server again on the same folder and port. */
    public void startServer() {
        requireEmbedded("start");
        embedded.start();
    }

    private void requireEmbedded(String what) {
        if (embedded == null) {
            throw new UnsupportedOperationException("cannot " + what + " an existing server given by URL ("
                    + adminUrl + "); only the embedded one");
        }
    }

    /** Stops an embedded server and deletes a throw-away data folder. An existing server is left alone. Idempotent. */
    public void stop() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is exiting and the hook runs this
            }
        }
        stopQuietly();
    }

    private void stopQuietly() {
        if (embedded != null) {
            embedded.stop();
            if (embedded.temporary) {
                Files2.deleteRecursively(embedded.home);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Postgres[" + jdbcUrl() + (embedded != null ? ", embedded, data " + embedded.data : ", existing") + "]";
    }

    /** Options for {@link Postgres}; every one has a default that suits a test. */
    public static final class Builder {
        private Path home;
        private int port;
        private boolean stopOnExit = true;
        private Boolean durable;
        private Duration startTimeout = Duration.ofSeconds(60);
        private String password = Settings.get("spacetime.db.password", PASSWORD_ENV, DEFAULT_PASSWORD);
        private String readerPassword = Settings.get("spacetime.grafana.db.password", READER_PASSWORD_ENV,
                DEFAULT_READER_PASSWORD);
        private String existingUrl = Settings.get("spacetime.postgres.url", URL_ENV);
        private String adminUser = Settings.get("spacetime.postgres.admin-user", ADMIN_USER_ENV);
        private String adminPassword = Settings.get("spacetime.postgres.admin-password", ADMIN_PASSWORD_ENV);

        private Builder() {
        }

        /**
         * Persistent folder ({@code data/}, {@code postgres.log}, the superuser's password); kept across restarts.
         * Default: a temp folder deleted on stop.
         */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** Port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Stop the server from a shutdown hook when this JVM exits (default true; the local stack says false). */
        public Builder stopOnExit(boolean stopOnExit) {
            this.stopOnExit = stopOnExit;
            return this;
        }

        /**
         * Whether the server fsyncs. Default: yes for a persistent home, no for a throw-away one (tests lose nothing
         * they need when the machine crashes, and commits are several times faster).
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Password of {@value #OWNER}. Default: {@value #PASSWORD_ENV}, else {@value #DEFAULT_PASSWORD}. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Password of {@value #READER}. Default: {@value #READER_PASSWORD_ENV}, else {@value #DEFAULT_READER_PASSWORD}. */
        public Builder readerPassword(String readerPassword) {
            this.readerPassword = readerPassword;
            return this;
        }

        /**
         * Use an existing server instead of starting one. {@code adminUrl} names a database the admin may connect to
         * (usually {@code postgres}); {@code adminUser} null means: do not create anything, only check.
         */
        public Builder existing(String adminUrl, String adminUser, String adminPassword) {
            this.existingUrl = adminUrl;
            this.adminUser = adminUser;
            this.adminPassword = adminPassword;
            return this;
        }

        /** Starts (or connects) and provisions the roles and the database. */
        public Postgres start() {
            if (existingUrl != null) {
                if (!URL.matcher(existingUrl).matches()) {
                    throw new StackException(URL_ENV + " must look like jdbc:postgresql://HOST:PORT/postgres, got "
                            + existingUrl);
                }
                Postgres pg = new Postgres(null, existingUrl, adminUser, adminPassword, password, readerPassword, false);
                pg.provision();
                return pg;
            }
            boolean temporary = home == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("spacetime-pg-") : Files.createDirectories(home);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the PostgreSQL folder", e);
            }
            int p = port > 0 ? port : Ports.free();
            Embedded e = new Embedded(dir, temporary, p, durable != null ? durable : !temporary, startTimeout, stopOnExit);
            e.initIfNeeded();
            e.start();
            String superPassword = Files2.secret(dir.resolve("superuser.password"));
            Postgres pg = new Postgres(e, "jdbc:postgresql://" + Ports.HOST + ":" + p + "/postgres", SUPERUSER,
                    superPassword, password, readerPassword, stopOnExit);
            try {
                pg.provision();
            } catch (RuntimeException ex) {
                pg.stop();
                throw ex;
            }
            return pg;
        }
    }

    /** An embedded server driven with {@code initdb} and {@code pg_ctl}; it outlives the JVM unless stopped. */
    private static final class Embedded {
        private final Path home;
        private final Path data;
        private final Path log;
        private final boolean temporary;
        private final int port;
        private final boolean durable;
        private final Duration startTimeout;
        private final boolean watchdog;
        private Process watcher;

        Embedded(Path home, boolean temporary, int port, boolean durable, Duration startTimeout, boolean watchdog) {
            this.home = home;
            this.data = home.resolve("data");
            this.log = home.resolve("postgres.log");
            this.temporary = temporary;
            this.port = port;
            this.durable = durable;
            this.startTimeout = startTimeout;
            this.watchdog = watchdog;
        }

        void initIfNeeded() {
            if (Files.isRegularFile(data.resolve("PG_VERSION"))) {
                return;
            }
            Path pwfile = home.resolve("superuser.password");
            Files2.secret(pwfile);
            Path initLog = home.resolve("initdb.log");
            List<String> args = new ArrayList<>(List.of("-D", data.toString(), "-U", SUPERUSER, "--pwfile="
                    + pwfile, "-A", "scram-sha-256", "-E", "UTF-8", "--locale=C"));
            if (!durable) {
                args.add("--no-sync");
            }
            int rc = ChildProcesses.run(PostgresBinaries.command("initdb", args.toArray(String[]::new)), initLog,
                    startTimeout);
            if (rc != 0) {
                throw new StackException("initdb failed (exit " + rc + ") for " + data + "; log " + initLog + ":\n"
                        + ChildProcesses.tail(initLog, 20));
            }
        }

        void start() {
            if (postmaster().isPresent()) {
                return;
            }
            if (!Ports.isFree(port)) {
                throw new StackException("PostgreSQL cannot listen on " + Ports.HOST + ":" + port
                        + ": another process uses that port; pick another port or stop it");
            }
            List<String> options = new ArrayList<>(List.of("-p " + port, "-c listen_addresses=" + Ports.HOST,
                    // No Unix socket: its path length is limited and JDBC uses TCP anyway.
                    "-c unix_socket_directories=''", "-c max_connections=200", "-c timezone=UTC"));
            if (!durable) {
                options.addAll(List.of("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"));
            }
            Path ctlLog = home.resolve("pg_ctl.log");
            int rc = ChildProcesses.run(PostgresBinaries.command("pg_ctl", "-D", data.toString(), "-l", log.toString(),
                    "-w", "-t", Long.toString(startTimeout.toSeconds()), "-o", String.join(" ", options), "start"),
                    ctlLog, startTimeout.plusSeconds(10));
            if (rc != 0) {
                throw new StackException("PostgreSQL did not start (pg_ctl exit " + rc + ", port " + port + "); log "
                        + log + ":\n" + ChildProcesses.tail(log, 20) + "\npg_ctl said:\n" + ChildProcesses.tail(ctlLog, 5));
            }
            if (watchdog) {
                startWatchdog();
            }
        }

        /**
         * pg_ctl detaches the server, so it would outlive a JVM that dies without running its shutdown hooks (a test
         * JVM killed on a timeout). A small shell child waits for this JVM to go and then stops the server (and deletes
         * a throw-away folder); a normal stop ends the watchdog first.
         */
        private void startWatchdog() {
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", "jvm=$1; home=$2; shift 2; "
                    + "while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done; \"$@\"; "
                    + "if [ -n \"$home\" ]; then rm -rf \"$home\"; fi",
                    "postgres-watchdog", Long.toString(ProcessHandle.current().pid()), temporary ? home.toString() : ""));
            cmd.addAll(PostgresBinaries.command("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
            watcher = ChildProcesses.start(cmd, home.resolve("watchdog.log"), java.util.Map.of(), null);
        }

        /** {@code pg_ctl stop -m fast}: open sessions are rolled back and closed, the server checkpoints and exits. */
        void stop() {
            if (watcher != null) {
                watcher.destroy();
                watcher = null;
            }
            Optional<ProcessHandle> pm = postmaster();
            if (pm.isEmpty()) {
                return;
            }
            Path ctlLog = home.resolve("pg_ctl.log");
            int rc = ChildProcesses.run(PostgresBinaries.command("pg_ctl", "-D", data.toString(), "-m", "fast", "-w",
                    "-t", "30", "stop"), ctlLog, Duration.ofSeconds(40));
            if (rc != 0 || ChildProcesses.alive(pm.get())) {
                ChildProcesses.stop(pm.get(), Duration.ofSeconds(10));
            }
        }

        Optional<ProcessHandle> postmaster() {
            // A stale postmaster.pid (after a crash) may name a pid that now belongs to something else.
            return postmasterPid(data).flatMap(pid -> ChildProcesses.find(pid, null))
                    .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        }
    }

    /** The live postmaster of the embedded server whose folder is {@code home}, if it runs. */
    static Optional<ProcessHandle> runningPostmaster(Path home) {
        return new Embedded(home, false, 0, true, Duration.ofSeconds(60), false).postmaster();
    }

    /** The port the embedded server in {@code home} listens on (line 4 of {@code postmaster.pid}), if it runs. */
    static java.util.OptionalInt runningPort(Path home) {
        if (runningPostmaster(home).isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/postmaster.pid"));
            return lines.size() > 3 ? java.util.OptionalInt.of(Integer.parseInt(lines.get(3).trim()))
                    : java.util.OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** Stops the embedded server whose folder is {@code home} ({@code pg_ctl stop -m fast}), if it runs. */
    static void stopEmbedded(Path home) {
        new Embedded(home, false, 0, true, Duration.ofSeconds(60), false).stop();
    }

    /** The pid in {@code postmaster.pid} (first line) of a data folder, if the file exists. */
    static Optional<Long> postmasterPid(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
