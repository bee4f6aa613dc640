package dev.spacetime.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The {@code --json} output: one object on one line. JSON has no NaN or Infinity (Jackson would write the string
 * {@code "NaN"}, which breaks numeric consumers), and the engine uses NaN for "not measured" (no validation split,
 * latency skipped), so every non-finite number is written as {@code null}.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("finite-numbers")
            .addSerializer(Double.class, new FiniteDouble())
            .addSerializer(Double.TYPE, new FiniteDouble())
            .addSerializer(Float.class, new FiniteFloat())
            .addSerializer(Float.TYPE, new FiniteFloat())
            .addSerializer(float[].class, new FiniteFloatArray()));

    private Json() {
    }

    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(v)) {
                gen.writeNumber(v);
            } else {
                gen.writeNull();
            }
        }
    }

    private static final class FiniteFloat extends JsonSerializer<Float> {
        @Override
        public void serialize(Float v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeFloat(v, gen);
        }
    }

    /** Model outputs arrive as float[] rows; Jackson's own array serializer would bypass {@link FiniteFloat}. */
    private static final class FiniteFloatArray extends JsonSerializer<float[]> {
        @Override
        public void serialize(float[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(values, values.length);
            for (float v : values) {
                writeFloat(v, gen);
            }
            gen.writeEndArray();
        }
    }

    private static void writeFloat(float v, JsonGenerator gen) throws IOException {
        if (Float.isFinite(v)) {
            gen.writeNumber(v);
        } else {
            gen.writeNull();
        }
    }
}
