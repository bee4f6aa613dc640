package dev.spacetime.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against the provisioning files: the four dashboards exist with unique uids, every query names a
 * provisioned datasource, every Prometheus selector names the service that must expose it, and the PostgreSQL
 * datasource is results-service's database as its read-only role.
 */
class DashboardsTest {

    static final Path GRAFANA = Dashboards.root().resolve("deploy/grafana");

    static JsonNode yaml(String file) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(GRAFANA.resolve(file).toFile());
    }

    @Test
    void theFourDashboardsHaveUniqueUidsAndPanels() {
        List<Dashboard> all = Dashboards.all();
        assertEquals(List.of("Deep nets", "Space-time frontier", "Runs", "Services"), all.stream().map(Dashboard::title).toList());
        assertEquals(all.size(), all.stream().map(Dashboard::uid).distinct().count());
        for (Dashboard d : all) {
            assertFalse(d.panels().isEmpty(), d.toString());
            for (Panel p : d.panels()) {
                assertFalse(p.targets().isEmpty(), p + " has no query");
            }
        }
    }

    @Test
    void everyQueryUsesAProvisionedDatasource() throws Exception {
        Set<String> uids = new HashSet<>();
        for (JsonNode ds : yaml("provisioning/datasources/spacetime.yaml").path("datasources")) {
            uids.add(ds.path("uid").asText());
        }
        assertEquals(Set.of(Dashboards.POSTGRES_UID, Dashboards.PROMETHEUS_UID), uids);
        for (Dashboard d : Dashboards.all()) {
            for (Target t : d.targets()) {
                assertTrue(uids.contains(t.datasourceUid()), t + " uses datasource " + t.datasourceUid());
                assertTrue(t.isSql() ? t.rawSql() != null : t.expr() != null, t + " has no query text");
            }
        }
    }

    @Test
    void thePostgresDatasourceIsTheResultsDatabaseAsTheReadOnlyRole() throws Exception {
        JsonNode pg = null;
        for (JsonNode ds : yaml("provisioning/datasources/spacetime.yaml").path("datasources")) {
            if (ds.path("uid").asText().equals(Dashboards.POSTGRES_UID)) {
                pg = ds;
            }
        }
        assertEquals("grafana-postgresql-datasource", pg.path("type").asText());
        assertEquals("spacetime_results", pg.path("jsonData").path("database").asText());
        assertEquals("spacetime_grafana", pg.path("user").asText());
        assertEquals("${SPACETIME_GRAFANA_DB_PASSWORD}", pg.path("secureJsonData").path("password").asText());
    }

    @Test
    void dashboardsProviderPointsAtAPathVariable() throws Exception {
        JsonNode provider = yaml("provisioning/dashboards/spacetime.yaml").path("providers").get(0);
        assertEquals("file", provider.path("type").asText());
        assertEquals("${SPACETIME_GRAFANA_DASHBOARDS}", provider.path("options").path("path").asText());
    }

    @Test
    void everyPrometheusSelectorNamesAScrapedService() throws Exception {
        Set<String> jobs = new HashSet<>();
        for (JsonNode sc : yaml("prometheus/prometheus.yml").path("scrape_configs")) {
            jobs.add(sc.path("job_name").asText());
        }
        int selectors = 0;
        for (Dashboard d : Dashboards.all()) {
            for (Target t : d.targets()) {
                if (t.isPrometheus()) {
                    for (PromQl.Selector s : PromQl.selectors(t.expr())) {
                        Set<String> admitted = PrometheusPanels.jobs(d, t, s);
                        assertTrue(jobs.containsAll(admitted), t + ": " + s.metric() + " selects jobs " + admitted
                                + ", Prometheus scrapes " + jobs);
                        selectors++;
                    }
                }
            }
        }
        assertTrue(selectors > 10, "only " + selectors + " selectors");
        for (String job : jobs) {
            assertFalse(PrometheusPanels.metricsOf(job).isEmpty(), job + " has no panel");
        }
    }
}
