package dev.spacetime.cli;

/**
 * Bad input the CLI itself detects (a file that cannot be used, a value that contradicts another). The message is
 * the whole report: it names the bad value and the fix.
 */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
