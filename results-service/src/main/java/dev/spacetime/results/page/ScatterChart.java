package dev.spacetime.results.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A frontier scatter: one {@code <circle class="mark" data-job=…>} per run, accuracy up, a cost (parameters, time,
 * memory) across. Pareto-optimal runs are drawn larger and ringed, and joined per sweep and dataset by the staircase
 * of the frontier: the best accuracy reached at or below each cost.
 */
final class ScatterChart {

    /** One run; {@code group} is the set its Pareto flag was decided in (sweep and dataset). */
    record Mark(String jobId, double x, double y, boolean pareto, String color, String group, String tooltip) {
    }

    private ScatterChart() {
    }

    static String render(String chart, String title, String xTitle, String yTitle, List<Mark> marks) {
        if (marks.isEmpty()) {
            return "<p class=\"empty\" data-chart=\"" + Html.esc(chart) + "\">No completed run reports this figure.</p>";
        }
        Scale x = Scale.auto(min(marks, Mark::x), max(marks, Mark::x), Frame.plotLeft() + 8, Frame.plotRight() - 8);
        Scale y = Scale.linear(min(marks, Mark::y), max(marks, Mark::y), Frame.plotBottom(), Frame.plotTop());
        StringBuilder b = new StringBuilder("<figure><figcaption>").append(Html.esc(title)).append("</figcaption>");
        b.append(Frame.open(chart, title)).append(Frame.axes(x, y, xTitle, yTitle));
        b.append(frontiers(marks, x, y));
        List<Mark> ordered = new ArrayList<>(marks);
        ordered.sort(Comparator.comparing(Mark::pareto));   // Pareto marks last, on top
        for (Mark m : ordered) {
            b.append("<circle class=\"mark").append(m.pareto() ? " pareto" : "").append("\" data-job=\"")
                    .append(Html.esc(m.jobId())).append("\" data-pareto=\"").append(m.pareto()).append("\" cx=\"")
                    .append(Html.px(x.px(m.x()))).append("\" cy=\"").append(Html.px(y.px(m.y()))).append("\" r=\"")
                    .append(m.pareto() ? 6 : 4).append("\" fill=\"").append(m.color()).append("\"><title>")
                    .append(Html.esc(m.tooltip())).append(m.pareto() ? " · Pareto-optimal" : "")
                    .append("</title></circle>");
        }
        return b.append("</svg></figure>").toString();
    }

    private static String frontiers(List<Mark> marks, Scale x, Scale y) {
        Map<String, List<Mark>> groups = new LinkedHashMap<>();
        marks.stream().filter(Mark::pareto).forEach(m -> groups.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(m));
        StringBuilder b = new StringBuilder();
        groups.forEach((group, ms) -> {
            ms.sort(Comparator.comparingDouble(Mark::x));
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < ms.size(); i++) {
                Mark m = ms.get(i);
                if (i > 0) {
                    points.append(Html.px(x.px(m.x()))).append(',').append(Html.px(y.px(ms.get(i - 1).y()))).append(' ');
                }
                points.append(Html.px(x.px(m.x()))).append(',').append(Html.px(y.px(m.y()))).append(' ');
            }
            b.append("<polyline class=\"frontier\" data-group=\"").append(Html.esc(group)).append("\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
        });
        return b.toString();
    }

    private static double min(List<Mark> marks, java.util.function.ToDoubleFunction<Mark> f) {
        return marks.stream().mapToDouble(f).min().orElseThrow();
    }

    private static double max(List<Mark> marks, java.util.function.ToDoubleFunction<Mark> f) {
        return marks.stream().mapToDouble(f).max().orElseThrow();
    }
}
