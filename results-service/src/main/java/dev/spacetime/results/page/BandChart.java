package dev.spacetime.results.page;

import java.util.List;

/**
 * Curves over epochs with seed bands: per configuration, the mean over its seeds as a line and mean ± sample std as a
 * shaded band ({@code <g class="series" data-config=…>}). A configuration with one seed has no band, only its line.
 */
final class BandChart {

    /** Mean and std over seeds at one epoch; std null when only one seed reported it. */
    record Point(int epoch, double mean, Double std, int n) {

        double low() {
            return std == null ? mean : mean - std;
        }

        double high() {
            return std == null ? mean : mean + std;
        }
    }

    record Series(String sweepId, String config, String label, String color, List<Point> points) {
    }

    private BandChart() {
    }

    static String render(String chart, String title, String yTitle, List<Series> series) {
        List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
        if (all.isEmpty()) {
            return "<p class=\"empty\" data-chart=\"" + Html.esc(chart) + "\">No run reported " + Html.esc(yTitle)
                    + " per epoch.</p>";
        }
        Scale x = Scale.whole(all.stream().mapToInt(Point::epoch).min().orElseThrow(),
                all.stream().mapToInt(Point::epoch).max().orElseThrow(), Frame.plotLeft() + 8, Frame.plotRight() - 8);
        Scale y = Scale.linear(all.stream().mapToDouble(Point::low).min().orElseThrow(),
                all.stream().mapToDouble(Point::high).max().orElseThrow(), Frame.plotBottom(), Frame.plotTop());
        StringBuilder b = new StringBuilder("<figure><figcaption>").append(Html.esc(title)).append("</figcaption>");
        b.append(Frame.open(chart, title)).append(Frame.axes(x, y, "epoch", yTitle));
        for (Series s : series) {
            b.append("<g class=\"series\" data-sweep=\"").append(Html.esc(s.sweepId())).append("\" data-config=\"")
                    .append(Html.esc(s.config())).append("\">");
            b.append(band(s, x, y)).append(mean(s, x, y));
            for (Point p : s.points()) {
                b.append("<circle class=\"point\" cx=\"").append(Html.px(x.px(p.epoch()))).append("\" cy=\"")
                        .append(Html.px(y.px(p.mean()))).append("\" r=\"2.5\" fill=\"").append(s.color())
                        .append("\"><title>").append(Html.esc(s.label())).append(" · epoch ").append(p.epoch())
                        .append(": ").append(Html.num(p.mean())).append(p.std() == null ? "" : " ± " + Html.num(p.std()))
                        .append(" (").append(p.n()).append(p.n() == 1 ? " seed" : " seeds").append(")</title></circle>");
            }
            b.append("</g>");
        }
        return b.append("</svg></figure>").toString();
    }

    private static String band(Series s, Scale x, Scale y) {
        if (s.points().stream().allMatch(p -> p.std() == null)) {
            return "";
        }
        StringBuilder d = new StringBuilder();
        List<Point> ps = s.points();
        for (int i = 0; i < ps.size(); i++) {
            d.append(i == 0 ? 'M' : 'L').append(Html.px(x.px(ps.get(i).epoch()))).append(',')
                    .append(Html.px(y.px(ps.get(i).high())));
        }
        for (int i = ps.size() - 1; i >= 0; i--) {
            d.append('L').append(Html.px(x.px(ps.get(i).epoch()))).append(',').append(Html.px(y.px(ps.get(i).low())));
        }
        return "<path class=\"band\" d=\"" + d + "Z\" fill=\"" + s.color() + "\"/>";
    }

    private static String mean(Series s, Scale x, Scale y) {
        StringBuilder points = new StringBuilder();
        for (Point p : s.points()) {
            points.append(Html.px(x.px(p.epoch()))).append(',').append(Html.px(y.px(p.mean()))).append(' ');
        }
        return "<polyline class=\"mean\" points=\"" + points.toString().trim() + "\" stroke=\"" + s.color() + "\"/>";
    }
}
