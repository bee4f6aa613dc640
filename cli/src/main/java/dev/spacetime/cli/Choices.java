package dev.spacetime.cli;

import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.model.Models;
import java.util.List;
import java.util.Locale;

/**
 * The names users pick from. Checked before any data is loaded: the engine would only notice a wrong model name
 * after fetching and normalising the data set.
 */
final class Choices {

    private Choices() {
    }

    static String model(String name) {
        return pick("--model", name, Models.NAMES);
    }

    static String dataset(String name) {
        return pick("--dataset", name, Datasets.NAMES);
    }

    private static String pick(String option, String value, List<String> known) {
        String key = value.trim().toLowerCase(Locale.ROOT);
        if (!known.contains(key)) {
            throw new UserError("unknown " + option.substring(2) + " '" + value + "': use " + option + " with one of "
                    + String.join(", ", known));
        }
        return key;
    }
}
