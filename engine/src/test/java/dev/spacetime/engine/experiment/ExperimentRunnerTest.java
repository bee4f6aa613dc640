package dev.spacetime.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.kernel.KernelProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real, short run of the iris preset: summaries over seeds, CSV and JSON shapes. */
class ExperimentRunnerTest {

    private static ExperimentResult irisOverThreeSeeds() {
        RunConfig base = Presets.get("iris", false, 1, null).configs().getFirst();
        RunConfig shortRun = base.withTrain(base.train().withLatencyCalls(200).withRecordEvery(50));
        Preset p = new Preset("iris", "short iris", List.of(shortRun), List.of(1L, 2L, 3L), List.of("n"), 1);
        return new ExperimentRunner(KernelProvider.get(), DataOptions.defaults(), line -> { }).run(p,
                new ExperimentRunner.Listener() { });
    }

    @Test
    void summariesJsonAndCsvDescribeEveryRun() {
        ExperimentResult r = irisOverThreeSeeds();
        assertEquals(3, r.runs().size());
        ExperimentResult.ConfigSummary s = r.summaries().getFirst();
        assertEquals(3, s.seeds());
        assertEquals(67, s.params());
        assertEquals(3, s.testAccuracy().n());
        assertTrue(s.testAccuracy().mean() > 0.8, "iris learns: " + s.testAccuracy());
        assertTrue(s.testAccuracy().ciLow() <= s.testAccuracy().mean() && s.testAccuracy().mean() <= s.testAccuracy().ciHigh());
        assertEquals(s.label(), r.winners().get("accuracy").label());

        Map<String, Object> json = r.toMap();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get("runs");
        assertEquals(3, runs.size());
        for (String key : List.of("model", "dataset", "params", "seed", "epochs", "test_accuracy", "train_seconds",
                "epoch_seconds", "train_loss", "val_accuracy", "inference_p50_us", "inference_p99_us", "kernels",
                "optimizer", "momentum", "weight_decay", "split_seed", "config")) {
            assertTrue(runs.getFirst().containsKey(key), "run field " + key);
        }
        assertEquals(List.of(1L, 2L, 3L), runs.stream().map(m -> m.get("seed")).toList());
        assertTrue(((Map<?, ?>) json.get("summary")).containsKey("winners"));

        String[] lines = CsvExport.toCsv(r).split("\n");
        assertEquals(4, lines.length, "header + one row per run");
        List<String> header = List.of(lines[0].split(","));
        for (String column : List.of("optimizer", "lr", "momentum", "nesterov", "weight_decay", "split_seed", "seed",
                "batch", "epochs", "test_accuracy", "train_seconds")) {
            assertTrue(header.contains(column), "CSV column " + column + " in " + header);
        }
        // Commas inside quoted cells (the split's description has some) do not separate columns.
        String outsideQuotes = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";
        assertEquals(header.size(), lines[1].split(outsideQuotes, -1).length, "every row has every column");
    }

    @Test
    void csvCellsAreQuotedWhenNeeded() {
        assertEquals("\"a,b\"", CsvExport.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.cell("say \"hi\""));
        assertEquals("", CsvExport.cell(Double.NaN));
        assertEquals("", CsvExport.cell(null));
    }
}
