package dev.spacetime.results.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Escaping and number formats for the server-rendered page: every stored string goes through {@link #esc}. */
final class Html {

    private Html() {
    }

    /** Safe in element text and in double-quoted attribute values (HTML and SVG). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code path?k=v&...} with the null values left out, escaped for an attribute. */
    static String href(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return esc(q.length() == 0 ? path : path + "?" + q);
    }

    /** Pixel coordinates: one decimal is finer than a screen pixel. */
    static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A figure with 4 significant digits, large ones with a k / M / G suffix; "–" when not measured. */
    static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(String.format(Locale.ROOT, "%.3g", v / 1e9)) + "G";
        }
        if (a >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.3g", v / 1e6)) + "M";
        }
        if (a >= 1e4) {
            return trim(String.format(Locale.ROOT, "%.3g", v / 1e3)) + "k";
        }
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return trim(String.format(Locale.ROOT, "%.4g", v));
    }

    static String num(Long v) {
        return v == null ? "–" : num(v.doubleValue());
    }

    /** "0.9200 ± 0.0200 (n=3)" style: mean ± sample std over seeds, or the single value. */
    static String meanStd(dev.spacetime.engine.experiment.Summary s) {
        if (s.n() == 0) {
            return "–";
        }
        return s.n() == 1 ? num(s.mean()) : num(s.mean()) + " ± " + num(s.std());
    }

    private static String trim(String s) {
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
