package dev.spacetime.grafana;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric selectors of a PromQL expression: each metric name with its label matchers. Enough of PromQL's grammar
 * to tell metric names from functions ({@code rate(}), aggregations and their label lists ({@code sum by (le)}),
 * keywords ({@code offset}, {@code and}), numbers, durations and range brackets ({@code [$__rate_interval]}).
 */
public final class PromQl {

    /** A metric name and its label matchers by label name. */
    public record Selector(String metric, Map<String, LabelMatcher> labels) {
    }

    /** {@code op} is one of {@code = != =~ !~}; {@code value} as written, without the quotes. */
    public record LabelMatcher(String op, String value) {
    }

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("bool", "offset", "and", "or", "unless");

    private final String expr;
    private int pos;

    private PromQl(String expr) {
        this.expr = expr;
    }

    public static List<Selector> selectors(String expr) {
        return new PromQl(expr).parse();
    }

    private List<Selector> parse() {
        List<Selector> out = new ArrayList<>();
        int depth = 0;
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (c == '(' || c == ')') {
                depth += c == '(' ? 1 : -1;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced ')' at " + pos + " in: " + expr);
                }
                pos++;
            } else if (c == '[') {
                pos = closing(pos, '[', ']') + 1;
            } else if (c == '"' || c == '\'' || c == '`') {
                pos = endOfString(pos);
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name at " + pos + " in: " + expr);
            } else if (Character.isDigit(c) || c == '.') {
                while (pos < expr.length() && (Character.isLetterOrDigit(expr.charAt(pos)) || expr.charAt(pos) == '.')) {
                    pos++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                identifier(out);
            } else {
                pos++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '(' in: " + expr);
        }
        return out;
    }

    private void identifier(List<Selector> out) {
        int start = pos;
        while (pos < expr.length() && (Character.isLetterOrDigit(expr.charAt(pos)) || expr.charAt(pos) == '_'
                || expr.charAt(pos) == ':')) {
            pos++;
        }
        String name = expr.substring(start, pos);
        int next = skipSpace(pos);
        char after = next < expr.length() ? expr.charAt(next) : ' ';
        if (GROUPING.contains(name)) {
            pos = after == '(' ? closing(next, '(', ')') + 1 : pos;
        } else if (KEYWORDS.contains(name) || after == '(' || startsGrouping(next)) {
            // a keyword, a function, or an aggregation (sum by (le) (...)): the main loop reads what follows
        } else if (after == '{') {
            int end = closing(next, '{', '}');
            out.add(new Selector(name, matchers(expr.substring(next + 1, end))));
            pos = end + 1;
        } else {
            out.add(new Selector(name, Map.of()));
        }
    }

    /** {@code a="x", b=~"y|z"} → a → (=, x), b → (=~, y|z). */
    private static Map<String, LabelMatcher> matchers(String body) {
        Map<String, LabelMatcher> labels = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?").matcher(body);
        int at = 0;
        while (m.lookingAt()) {
            labels.put(m.group(1), new LabelMatcher(m.group(2), m.group(3)));
            at = m.end();
            m.region(at, body.length());
        }
        if (!body.substring(at).isBlank()) {
            throw new IllegalArgumentException("cannot read label matchers '" + body + "' from '" + body.substring(at) + "'");
        }
        return labels;
    }

    /** Whether the word at {@code i} is {@code by} or {@code without}: what precedes it is an aggregation. */
    private boolean startsGrouping(int i) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(by|without)\\s*\\(").matcher(expr);
        return m.region(i, expr.length()).lookingAt();
    }

    private int skipSpace(int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private int closing(int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < expr.length(); i++) {
            char ch = expr.charAt(i);
            if (ch == '"') {
                i = endOfString(i) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + o + "' at " + open + " in: " + expr);
    }

    /** The index after the closing quote of the string that starts at {@code open}. */
    private int endOfString(int open) {
        char q = expr.charAt(open);
        for (int i = open + 1; i < expr.length(); i++) {
            if (expr.charAt(i) == '\\') {
                i++;
            } else if (expr.charAt(i) == q) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string at " + open + " in: " + expr);
    }
}
