package dev.spacetime.inference.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.spacetime.inference.config.InferenceConfig;
import dev.spacetime.inference.service.BadInputException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams {@code {"inputs": [[...], ...]}} straight into {@code float[][]} with Jackson's token parser: no tree, no
 * boxing, one array per row. Every value is checked on the way (a number, finite as a float: JSON has no NaN or
 * Infinity, and {@code 1e39} overflows float) and a failure names its row and column. The row count is capped by
 * {@code spacetime.inference.max-rows}; the body size by {@code quarkus.http.limits.max-body-size}. Row widths are
 * checked against the model later, when the model is known.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class PredictRequestReader implements MessageBodyReader<PredictRequest> {

    static final String SHAPE = "{\"inputs\": [[x1, x2, ...], ...]}";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(400).build())
            .build();

    private final Instance<InferenceConfig> config;
    private volatile int maxRows;

    /** Providers are built at static init, before runtime config exists: the limit is read on the first request. */
    public PredictRequestReader(Instance<InferenceConfig> config) {
        this.config = config;
    }

    private int maxRows() {
        int m = maxRows;
        if (m == 0) {
            m = config.get().inference().maxRows();
            maxRows = m;
        }
        return m;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == PredictRequest.class;
    }

    @Override
    public PredictRequest readFrom(Class<PredictRequest> type, Type genericType, Annotation[] annotations,
                                   MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body) {
        return parse(body, maxRows());
    }

    /** Parses and checks one request body; a problem becomes a {@link BadInputException} naming row and column. */
    static PredictRequest parse(InputStream body, int maxRows) {
        if (body == null) {
            throw new BadInputException("the request body is empty: expected " + SHAPE);
        }
        Cursor at = new Cursor();
        try (JsonParser p = JSON.createParser(body)) {
            return new PredictRequest(document(p, at, maxRows));
        } catch (JsonProcessingException e) {
            throw malformed(e, at);
        } catch (IOException e) {
            throw new BadInputException("cannot read the request body: " + e.getMessage());
        }
    }

    /** Where the parser is, for messages: row and column of {@code inputs}, −1 when outside. */
    private static final class Cursor {
        int row = -1;
        int column = -1;
        boolean inRow;
    }

    private static float[][] document(JsonParser p, Cursor at, int maxRows) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new BadInputException("the request body is empty: expected " + SHAPE);
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadInputException("the body must be a JSON object " + SHAPE + ", not " + describe(t));
        }
        float[][] inputs = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("inputs".equals(field)) {
                inputs = rows(p, at, maxRows);
            } else {
                p.skipChildren(); // unknown fields are ignored, as on the wire elsewhere
            }
        }
        boolean trailing;
        try {
            trailing = p.nextToken() != null;
        } catch (JsonProcessingException e) {
            trailing = true;
        }
        if (trailing) {
            throw new BadInputException("unexpected content after the JSON object: send one object " + SHAPE);
        }
        if (inputs == null) {
            throw new BadInputException("\"inputs\" is missing: expected " + SHAPE);
        }
        return inputs;
    }

    private static float[][] rows(JsonParser p, Cursor at, int maxRows) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadInputException("\"inputs\" must be an array of rows, e.g. [[5.1, 3.5, 1.4, 0.2]], not "
                    + describe(p.currentToken()));
        }
        List<float[]> rows = new ArrayList<>();
        int width = 16;
        JsonToken t;
        at.row = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int r = rows.size();
            if (r == maxRows) {
                throw new BadInputException("too many rows: at most " + maxRows + " per request (spacetime.inference.max-rows)",
                        r, null);
            }
            if (t != JsonToken.START_ARRAY) {
                throw new BadInputException("inputs[" + r + "] must be an array of numbers, not " + describe(t)
                        + (t.isNumeric() ? ": \"inputs\" is a list of rows, send one row as [[x1, x2, ...]]" : ""), r, null);
            }
            at.inRow = true;
            at.column = -1;
            float[] row = row(p, at, r, width);
            rows.add(row);
            width = row.length; // rows of one request have the same width: the next one parses into an exact array
            at.inRow = false;
            at.row = r + 1;
        }
        at.row = -1;
        if (rows.isEmpty()) {
            throw new BadInputException("\"inputs\" is empty: send at least one row, " + SHAPE);
        }
        return rows.toArray(new float[0][]);
    }

    private static float[] row(JsonParser p, Cursor at, int r, int expected) throws IOException {
        float[] buf = new float[Math.max(expected, 1)];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            at.column = n;
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadInputException("inputs[" + r + "][" + n + "] is " + describe(t, p) + ", not a number", r, n);
            }
            float v = p.getFloatValue();
            if (!Float.isFinite(v)) {
                throw new BadInputException("inputs[" + r + "][" + n + "] = " + p.getText()
                        + " overflows float (finite values are within ±3.4028235E38)", r, n);
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = v;
        }
        if (n == 0) {
            throw new BadInputException("inputs[" + r + "] is empty", r, null);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static BadInputException malformed(JsonProcessingException e, Cursor at) {
        String why = e.getOriginalMessage();
        int nl = why.indexOf('\n');
        why = nl < 0 ? why : why.substring(0, nl);
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (at.row < 0) {
            return new BadInputException("malformed JSON" + where + ": " + why);
        }
        // The parser failed on the token after the last good one: column + 1 inside a row, else row `row` itself.
        Integer column = at.inRow ? at.column + 1 : null;
        String cell = "inputs[" + at.row + "]" + (at.inRow ? "[" + column + "]" : "");
        if (why.startsWith("Non-standard token")) {
            return new BadInputException(cell + " is NaN or Infinity" + where
                    + ": JSON has no such numbers and the model needs finite values", at.row, column);
        }
        return new BadInputException("malformed JSON at " + cell + where + ": " + why, at.row, column);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            return "a string (\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\")";
        }
        return describe(t);
    }
}
