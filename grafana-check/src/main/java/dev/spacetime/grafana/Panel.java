package dev.spacetime.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One panel of a dashboard. */
public record Panel(Dashboard dashboard, JsonNode json) {

    public String title() {
        return Dashboards.text(json, "title");
    }

    public String type() {
        return Dashboards.text(json, "type");
    }

    /** The panel's queries; a query without its own datasource uses the panel's. */
    public List<Target> targets() {
        String panelUid = Dashboards.text(json.path("datasource"), "uid");
        List<Target> out = new ArrayList<>();
        for (JsonNode t : json.path("targets")) {
            String uid = Dashboards.text(t.path("datasource"), "uid");
            out.add(new Target(this, t, uid != null ? uid : panelUid));
        }
        return out;
    }

    /**
     * The fields the panel plots by name on a numeric axis: an XY chart's x and y matchers
     * ({@code options.series[].x/y}), a trend panel's {@code options.xField} (a bar chart's xField is a category).
     */
    public List<String> plottedFields() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : json.path("options").path("series")) {
            for (String axis : List.of("x", "y")) {
                String name = Dashboards.text(s.path(axis).path("matcher"), "options");
                if (name != null) {
                    out.add(name);
                }
            }
        }
        String xField = Dashboards.text(json.path("options"), "xField");
        if (xField != null && "trend".equals(type())) {
            out.add(xField);
        }
        return out;
    }

    @Override
    public String toString() {
        return dashboard + " / " + title();
    }
}
