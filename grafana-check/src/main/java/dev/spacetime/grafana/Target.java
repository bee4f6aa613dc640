package dev.spacetime.grafana;

import com.fasterxml.jackson.databind.JsonNode;

/** One query of a panel: SQL ({@code rawSql}, {@code format} table or time_series) or PromQL ({@code expr}). */
public record Target(Panel panel, JsonNode json, String datasourceUid) {

    public String refId() {
        return Dashboards.text(json, "refId");
    }

    public boolean isSql() {
        return Dashboards.POSTGRES_UID.equals(datasourceUid);
    }

    public boolean isPrometheus() {
        return Dashboards.PROMETHEUS_UID.equals(datasourceUid);
    }

    public String rawSql() {
        return Dashboards.text(json, "rawSql");
    }

    /** {@code table} or {@code time_series} (Grafana's default for SQL is time_series). */
    public String format() {
        String f = Dashboards.text(json, "format");
        return f == null ? "time_series" : f;
    }

    public String expr() {
        return Dashboards.text(json, "expr");
    }

    @Override
    public String toString() {
        return panel + " [" + refId() + "]";
    }
}
