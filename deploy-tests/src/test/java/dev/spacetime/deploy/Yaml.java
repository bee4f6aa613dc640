package dev.spacetime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML as Jackson trees (empty documents, such as a leading "---", are dropped). */
final class Yaml {

    static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    static List<JsonNode> readAll(Path file) {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read YAML " + file, e);
        }
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse YAML: " + text, e);
        }
    }
}
