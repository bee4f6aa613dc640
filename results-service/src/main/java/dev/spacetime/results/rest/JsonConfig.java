package dev.spacetime.results.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON has no NaN: the engine's statistics use NaN for "not measured" (the spread of one seed), which the API writes as
 * null, like the CLI's --json. Instants as ISO-8601 strings.
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.registerModule(new SimpleModule("finite-numbers")
                .addSerializer(Double.class, new FiniteDouble())
                .addSerializer(Double.TYPE, new FiniteDouble()));
    }

    static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(v)) {
                gen.writeNumber(v);
            } else {
                gen.writeNull();
            }
        }
    }
}
