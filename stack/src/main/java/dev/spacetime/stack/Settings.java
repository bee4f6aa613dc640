package dev.spacetime.stack;

/** Reads one setting: a system property wins over an environment variable; blank counts as unset. */
final class Settings {

    private Settings() {
    }

    static String get(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    static String get(String property, String env, String fallback) {
        String v = get(property, env);
        return v != null ? v : fallback;
    }

    static int getInt(String property, String env, int fallback) {
        String v = get(property, env);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StackException(property + "/" + env + " must be a whole number, got '" + v + "'");
        }
    }
}
