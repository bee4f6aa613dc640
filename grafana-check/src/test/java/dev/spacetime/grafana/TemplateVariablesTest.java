package dev.spacetime.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grafana's SQL interpolation: quoted lists for multi/All variables, formats, built-ins; unknown names untouched. */
class TemplateVariablesTest {

    static Variable variable(String name, boolean multi, boolean includeAll) throws Exception {
        String json = "{\"name\":\"" + name + "\",\"type\":\"custom\",\"multi\":" + multi + ",\"includeAll\":" + includeAll + "}";
        return new Variable(new Dashboard(Path.of("t.json"), new ObjectMapper().readTree("{}")),
                new ObjectMapper().readTree(json));
    }

    @Test
    void multiValueAndAllBecomeQuotedLists() throws Exception {
        TemplateVariables vars = new TemplateVariables(SqlMacrosTest.RANGE)
                .set(variable("sweep", true, true), List.of("a", "o'b"))
                .set(variable("one", false, false), List.of("it's"));
        assertEquals("IN ('a','o''b') AND x = 'it''s'", vars.replace("IN ($sweep) AND x = '$one'"));
        assertEquals("'a','o''b' a,o'b a|o'b", vars.replace("${sweep} ${sweep:csv} ${sweep:pipe}"));
        assertEquals("'a','o''b' 'a','o\\'b'", vars.replace("${sweep:sqlstring} ${sweep:singlequote}"));
        assertEquals("'a','o''b'", vars.replace("[[sweep]]"));
    }

    @Test
    void builtInsComeFromTheTimeRangeAndUnknownNamesStay() {
        TemplateVariables vars = new TemplateVariables(SqlMacrosTest.RANGE);
        assertEquals("1m 60000 1523556000000 $nothing $__timeFilter(t)",
                vars.replace("$__interval $__interval_ms $__from $nothing $__timeFilter(t)"));
    }
}
