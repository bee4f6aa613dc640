package dev.spacetime.inference.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.inference.service.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming parser alone: exact float bits, widths, limits and located errors. */
class PredictRequestReaderTest {

    private static float[][] parse(String json, int maxRows) {
        return PredictRequestReader.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), maxRows).inputs();
    }

    @Test
    void everyFloatParsesBackToItsExactBits() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[][] rows = new float[50][37];
        StringBuilder sb = new StringBuilder("{\"inputs\":[");
        for (int r = 0; r < rows.length; r++) {
            sb.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < rows[r].length; c++) {
                // random bit patterns of finite floats: subnormals, huge and tiny exponents, negative zero
                float f;
                do {
                    f = Float.intBitsToFloat(rnd.nextInt());
                } while (!Float.isFinite(f));
                rows[r][c] = f;
                sb.append(c == 0 ? "" : ",").append(f);
            }
            sb.append(']');
        }
        float[][] got = parse(sb.append("]}").toString(), 1024);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(rows[r], got[r], "row " + r);
        }
    }

    @Test
    void integersAndExponentsAreNumbers() {
        float[][] got = parse("{\"x\":{\"nested\":[1]},\"inputs\":[[0,-7,255,1E2,2.5e-3]],\"y\":null}", 10);
        assertArrayEquals(new float[] {0, -7, 255, 100, 0.0025f}, got[0]);
    }

    @Test
    void rowsMayHaveDifferentWidthsUntilTheModelChecksThem() {
        float[][] got = parse("{\"inputs\":[[1,2],[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20],[3]]}", 10);
        assertEquals(2, got[0].length);
        assertEquals(20, got[1].length);
        assertEquals(1, got[2].length);
    }

    @Test
    void errorsNameRowAndColumn() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("{\"inputs\":[[1,2],[3,NaN]]}", 10));
        assertEquals(1, e.row());
        assertEquals(1, e.column());
        e = assertThrows(BadInputException.class, () -> parse("{\"inputs\":[[1,2],NaN]}", 10));
        assertEquals(1, e.row());
        assertEquals(null, e.column());
        e = assertThrows(BadInputException.class, () -> parse("{\"inputs\":[[1],[2],[3]]}", 2));
        assertEquals(2, e.row());
        assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    }
}
