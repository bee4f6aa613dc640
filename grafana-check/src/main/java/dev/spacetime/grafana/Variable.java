package dev.spacetime.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A template variable: a {@code query} variable (SQL the datasource runs for its values), or a {@code custom} one
 * (values listed in {@code query}, comma-separated).
 */
public record Variable(Dashboard dashboard, JsonNode json) {

    public String name() {
        return Dashboards.text(json, "name");
    }

    public String type() {
        return Dashboards.text(json, "type");
    }

    public boolean multi() {
        return json.path("multi").asBoolean(false);
    }

    public boolean includeAll() {
        return json.path("includeAll").asBoolean(false);
    }

    public String datasourceUid() {
        return Dashboards.text(json.path("datasource"), "uid");
    }

    /** The SQL of a query variable ({@code definition} or {@code query}, which Grafana stores as a string or object). */
    public String query() {
        JsonNode q = json.get("query");
        if (q != null && q.isObject()) {
            return Dashboards.text(q, "rawSql") != null ? Dashboards.text(q, "rawSql") : Dashboards.text(q, "query");
        }
        return q == null ? Dashboards.text(json, "definition") : q.asText();
    }

    /** The values of a custom variable. */
    public List<String> customValues() {
        List<String> out = new ArrayList<>();
        for (String v : query().split(",")) {
            if (!v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return dashboard + " $" + name();
    }
}
