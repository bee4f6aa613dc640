package dev.spacetime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test resource as Quarkus drives it: init, start (the config a service gets), stop. */
class StackTestResourceTest {

    @Test
    void startHandsOverTheSharedInfrastructure() throws Exception {
        StackTestResource resource = new StackTestResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        assertEquals(StackTestResource.bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals("earliest", config.get("mp.messaging.connector.smallrye-kafka.auto.offset.reset"));
        assertEquals(StackTestResource.jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
        assertEquals("spacetime", config.get("quarkus.datasource.username"));
        assertEquals("spacetime", config.get("quarkus.datasource.password"));
        assertEquals("test-token", config.get("spacetime.api-token"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
        assertTrue(Files.isDirectory(Path.of(config.get("spacetime.artifact-dir"))));
        try (Connection c = java.sql.DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
            assertTrue(c.isValid(5));
        }

        KafkaBroker before = StackTestResource.broker();
        resource.stop();
        StackTestResource second = new StackTestResource();
        second.init(Map.of());
        assertEquals(config, second.start(), "a second Quarkus app gets the same broker and database");
        assertSame(before, StackTestResource.broker());
        assertTrue(before.isRunning(), "stop() leaves the shared broker running for the next test class");
    }

    @Test
    void aServiceWithoutDatabaseGetsNoDatasource() {
        StackTestResource resource = new StackTestResource();
        resource.init(Map.of(StackTestResource.POSTGRES_ARG, "false"));
        Map<String, String> config = resource.start();
        assertTrue(config.containsKey("kafka.bootstrap.servers"));
        assertFalse(config.keySet().stream().anyMatch(k -> k.startsWith("quarkus.datasource")), config.toString());
    }

    /** Quarkus loads test code in a class loader per application; every copy must see the same infrastructure. */
    @Test
    void aSecondClassLoaderAttachesToTheSameBrokerAndDatabase() throws Exception {
        Map<String, String> here = StackTestResource.config();
        ClassLoader other = new StackClassesFirst(getClass().getClassLoader());
        Class<?> copy = Class.forName(StackTestResource.class.getName(), true, other);
        assertTrue(copy != StackTestResource.class, "a distinct copy of the class");
        @SuppressWarnings("unchecked")
        Map<String, String> there = (Map<String, String>) copy.getMethod("config").invoke(null);
        assertEquals(here, there);
        copy.getMethod("restartPostgres").invoke(null);
        try (Connection c = StackTestResource.connect()) {
            assertTrue(c.isValid(5), "the database is back after a restart through the other copy");
        }
    }

    /** Loads dev.spacetime.stack classes itself (child first), everything else from the parent. */
    private static final class StackClassesFirst extends ClassLoader {
        StackClassesFirst(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("dev.spacetime.stack.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @Test
    void envNamesFollowQuarkusRules() {
        assertEquals("SPACETIME_API_TOKEN", StackKeys.env(StackKeys.API_TOKEN));
        assertEquals("QUARKUS_DATASOURCE_PASSWORD", StackKeys.env(StackKeys.DB_PASSWORD));
        assertEquals("SPACETIME_ARTIFACT_DIR", StackKeys.env(StackKeys.ARTIFACT_DIR));
    }
}
