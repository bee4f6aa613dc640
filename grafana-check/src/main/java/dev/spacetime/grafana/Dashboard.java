package dev.spacetime.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One dashboard file: its panels (rows flattened) and their queries, and its template variables. */
public record Dashboard(Path file, JsonNode json) {

    public String uid() {
        return Dashboards.text(json, "uid");
    }

    public String title() {
        return Dashboards.text(json, "title");
    }

    /** Every panel, those inside collapsed rows included; rows themselves are not panels. */
    public List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        collect(json.path("panels"), out);
        return out;
    }

    private void collect(JsonNode panels, List<Panel> out) {
        for (JsonNode p : panels) {
            if ("row".equals(Dashboards.text(p, "type"))) {
                collect(p.path("panels"), out);
            } else {
                out.add(new Panel(this, p));
            }
        }
    }

    /** Every query of every panel. */
    public List<Target> targets() {
        return panels().stream().flatMap(p -> p.targets().stream()).toList();
    }

    /** The template variables, in the order Grafana resolves them. */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (JsonNode v : json.path("templating").path("list")) {
            out.add(new Variable(this, v));
        }
        return out;
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
