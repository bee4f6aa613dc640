package dev.spacetime.inference.service;

/**
 * A predict request the service cannot use (400). {@code row}/{@code column} locate the bad value in
 * {@code inputs[row][column]} when there is one, so the client sees exactly what to fix.
 */
public final class BadInputException extends RuntimeException {

    private final Integer row;
    private final Integer column;

    public BadInputException(String detail) {
        this(detail, null, null);
    }

    public BadInputException(String detail, Integer row, Integer column) {
        super(detail, null, false, false);
        this.row = row;
        this.column = column;
    }

    public Integer row() {
        return row;
    }

    public Integer column() {
        return column;
    }
}
