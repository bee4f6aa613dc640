package dev.spacetime.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). For bad predict input, {@code row}/{@code column}
 * and the JSON pointer {@code pointer} ({@code /inputs/2/7}) locate the offending value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, Integer row, Integer column,
                      String pointer) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String type, String title, String detail, String instance) {
        return new Problem("urn:spacetime:problem:" + type, title, status, detail, instance, null, null, null);
    }

    public Problem at(Integer row, Integer column) {
        if (row == null) {
            return this;
        }
        String ptr = "/inputs/" + row + (column == null ? "" : "/" + column);
        return new Problem(type, title, status, detail, instance, row, column, ptr);
    }
}
