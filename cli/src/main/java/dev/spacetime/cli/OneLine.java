package dev.spacetime.cli;

/** Joins a possibly multi-line message into one line, so every error is exactly one line on stderr. */
final class OneLine {

    private OneLine() {
    }

    /**
     * Lines are trimmed and joined with "; ", except after a line ending in ':' (a heading such as the data
     * fetcher's "tried:"), which reads better followed by a space.
     */
    static String of(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.strip().split("\\R")) {
            String part = line.strip();
            if (part.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(sb.charAt(sb.length() - 1) == ':' ? " " : "; ");
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
