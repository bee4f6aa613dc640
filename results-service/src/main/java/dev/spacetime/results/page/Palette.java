package dev.spacetime.results.page;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One color per key (model, configuration), in the order given; Tableau 10, which stays apart for color-blind eyes. */
final class Palette {

    private static final List<String> COLORS = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    private final Map<String, String> byKey = new LinkedHashMap<>();

    Palette(List<String> keys) {
        keys.forEach(k -> byKey.putIfAbsent(k, COLORS.get(byKey.size() % COLORS.size())));
    }

    String color(String key) {
        return byKey.getOrDefault(key, "#888888");
    }

    /** An HTML legend: a swatch and the key for each entry. */
    String legend() {
        StringBuilder b = new StringBuilder("<ul class=\"legend\">");
        byKey.forEach((k, c) -> b.append("<li><span class=\"swatch\" style=\"background:").append(c).append("\"></span>")
                .append(Html.esc(k)).append("</li>"));
        return b.append("</ul>").toString();
    }
}
