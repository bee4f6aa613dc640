package dev.spacetime.results.page;

/**
 * One chart's SVG canvas: a fixed coordinate system (CSS scales it to the column), margins for tick labels and axis
 * titles, grid lines at the scales' ticks.
 */
final class Frame {

    static final int WIDTH = 480;
    static final int HEIGHT = 300;
    static final int LEFT = 62;
    static final int RIGHT = 14;
    static final int TOP = 12;
    static final int BOTTOM = 44;

    private Frame() {
    }

    static double plotLeft() {
        return LEFT;
    }

    static double plotRight() {
        return WIDTH - RIGHT;
    }

    static double plotTop() {
        return TOP;
    }

    static double plotBottom() {
        return HEIGHT - BOTTOM;
    }

    /** {@code <svg ...>}: {@code data-chart} names the chart for the browser test and for scripts. */
    static String open(String chart, String title) {
        return "<svg class=\"chart\" data-chart=\"" + Html.esc(chart) + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                + "\" role=\"img\" aria-label=\"" + Html.esc(title) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
    }

    /** Grid lines, tick labels and the two axis titles. */
    static String axes(Scale x, Scale y, String xTitle, String yTitle) {
        StringBuilder b = new StringBuilder("<g class=\"axes\">");
        for (double t : x.ticks()) {
            String px = Html.px(x.px(t));
            b.append("<line class=\"grid\" x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"")
                    .append(plotTop()).append("\" y2=\"").append(plotBottom()).append("\"/>");
            b.append("<text class=\"tick\" x=\"").append(px).append("\" y=\"").append(Html.px(plotBottom() + 16))
                    .append("\" text-anchor=\"middle\">").append(Html.esc(x.label(t))).append("</text>");
        }
        for (double t : y.ticks()) {
            String py = Html.px(y.px(t));
            b.append("<line class=\"grid\" x1=\"").append(plotLeft()).append("\" x2=\"").append(plotRight())
                    .append("\" y1=\"").append(py).append("\" y2=\"").append(py).append("\"/>");
            b.append("<text class=\"tick\" x=\"").append(Html.px(plotLeft() - 6)).append("\" y=\"").append(py)
                    .append("\" dy=\"0.32em\" text-anchor=\"end\">").append(Html.esc(y.label(t))).append("</text>");
        }
        b.append("<text class=\"title\" x=\"").append(Html.px((plotLeft() + plotRight()) / 2)).append("\" y=\"")
                .append(HEIGHT - 6).append("\" text-anchor=\"middle\">").append(Html.esc(xTitle))
                .append(x.isLog() ? " (log scale)" : "").append("</text>");
        b.append("<text class=\"title\" transform=\"translate(14 ").append(Html.px((plotTop() + plotBottom()) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.esc(yTitle)).append("</text>");
        return b.append("</g>").toString();
    }
}
