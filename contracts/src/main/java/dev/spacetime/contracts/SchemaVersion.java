package dev.spacetime.contracts;

/**
 * The wire schema version every record carries. Within a version, changes are additive only (new optional fields,
 * which older readers ignore); anything else is a new version, and readers refuse versions newer than theirs.
 */
public final class SchemaVersion {

    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    static int check(int version, String record) {
        if (version < 1 || version > CURRENT) {
            throw new IllegalArgumentException(record + " has schemaVersion " + version + "; this build reads 1.." + CURRENT);
        }
        return version;
    }
}
