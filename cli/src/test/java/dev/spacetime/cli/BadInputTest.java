package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house rule for bad command-line input: exit code 2, exactly one line on stderr that starts with
 * {@code spacetime: } and names the bad value, nothing on stdout, no stack trace. All these fail before any data
 * is loaded or any training starts.
 */
class BadInputTest {

    static Stream<Arguments> badArguments() {
        return Stream.of(
                bad("unknown model 'foo': use --model with one of standard-small", "train", "--model", "foo", "--dataset", "xor"),
                bad("unknown dataset 'bar': use --dataset with one of mnist", "train", "--model", "xor", "--dataset", "bar"),
                bad("learning rate -1.0 must be a finite number > 0", "train", "--model", "xor", "--dataset", "xor", "--lr", "-1"),
                bad("learning rate 0.0 must be a finite number > 0", "train", "--model", "xor", "--dataset", "xor", "--lr", "0"),
                bad("Invalid value for option '--lr': 'fast' is not a double (see spacetime train --help)",
                        "train", "--model", "xor", "--dataset", "xor", "--lr", "fast"),
                bad("batch size 0 must be at least 1", "train", "--model", "xor", "--dataset", "xor", "--batch", "0"),
                bad("epochs 0 must be at least 1", "train", "--model", "xor", "--dataset", "xor", "--epochs", "0"),
                bad("--threads -2 must be at least 1", "train", "--model", "xor", "--dataset", "xor", "--threads", "-2"),
                bad("unknown optimizer 'rmsprop': use sgd, momentum or adam",
                        "train", "--model", "xor", "--dataset", "xor", "--optimizer", "rmsprop"),
                bad("unknown schedule 'step': use constant, cosine or linear",
                        "train", "--model", "xor", "--dataset", "xor", "--schedule", "step"),
                bad("momentum 0.5 only applies to --optimizer momentum",
                        "train", "--model", "xor", "--dataset", "xor", "--momentum", "0.5"),
                bad("--layers 2,3,1 does not apply to --model xor", "train", "--model", "xor", "--dataset", "xor", "--layers", "2,3,1"),
                bad("model standard-small takes 784 inputs and 10 classes, but the data has 2 inputs",
                        "train", "--model", "standard-small", "--dataset", "xor"),
                bad("model mlp needs --layers", "train", "--model", "mlp", "--dataset", "iris"),
                bad("--layers 4,abc,3 must be comma-separated layer sizes", "train", "--model", "mlp", "--dataset", "iris",
                        "--layers", "4,abc,3"),
                bad("give --hidden or --param-budget for the recursive net, not both",
                        "train", "--model", "recursive", "--dataset", "iris", "--hidden", "8", "--param-budget", "500"),
                bad("--train-limit -1 must be ≥ 0", "train", "--model", "xor", "--dataset", "xor", "--train-limit", "-1"),
                bad("--data-dir /no/such/dir is not a directory",
                        "train", "--model", "xor", "--dataset", "xor", "--data-dir", "/no/such/dir"),
                bad("Unknown option: '--epoch=3'; did you mean --epochs? (see spacetime train --help)",
                        "train", "--model", "xor", "--dataset", "xor", "--epoch=3"),
                bad("Missing required option: '--model=NAME' (see spacetime train --help)", "train", "--dataset", "xor"),
                bad("Missing required option: '--model-file=FILE' (see spacetime eval --help)", "eval"),
                bad("--on-stack runs the preset as published: drop --lr (results-service serves the CSV: the link is printed at the end)",
                        "experiment", "xor", "--on-stack", "--lr", "0.1"),
                bad("unknown experiment 'nope': use one of", "experiment", "nope", "--on-stack"),
                bad("--limit 0 must be at least 1", "predict", "--model-file", "m.stm", "--input", "x.csv", "--limit", "0"),
                bad("name a command: train, eval, predict, experiment, bench, deep, up, down, status, submit, watch, cancel or compare (see spacetime --help)"));
    }

    private static Arguments bad(String message, String... args) {
        return Arguments.of(message, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void rejectsWithOneLineAndExitCode2(String message, String[] args) {
        CliRun run = CliRun.of(args).expectExit(ExitCodes.BAD_INPUT);
        assertOneLineError(run, message);
    }

    static void assertOneLineError(CliRun run, String fragment) {
        assertEquals(1, run.errLines().size(), () -> "want one line on stderr, got:\n" + run.err());
        String line = run.errLines().getFirst();
        assertTrue(line.startsWith("spacetime: "), line);
        assertTrue(line.contains(fragment), () -> "'" + line + "' lacks '" + fragment + "'");
        assertTrue(run.out().isEmpty(), () -> "stdout should be empty, got:\n" + run.out());
    }
}
