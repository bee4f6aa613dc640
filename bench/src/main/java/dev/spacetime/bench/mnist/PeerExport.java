package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the workload for a peer: everything that determines the training run, as raw little-endian arrays and a
 * {@code manifest.json} that names them and their shapes.
 *
 * <pre>
 *   train_x.f32   [n × 784]  float32, already normalised (x/255): the exact floats Spacetime trains on
 *   train_y.i32   [n]        int32 labels
 *   test_x.f32    [t × 784], test_y.i32 [t]
 *   order.i32     [epochs × n] int32: row e−1 is epoch e's permutation (the Trainer's order stream, see OrderStream);
 *                 step j of an epoch takes positions [j·batch, (j+1)·batch), the last step the remainder
 *   denseL.W.f32  [in × out] float32, the engine's layout (row-major, one row per input): nn.Linear.weight is its
 *                 transpose [out × in]
 *   denseL.b.f32  [out] float32
 * </pre>
 */
public final class PeerExport {

    public static final String MANIFEST = "manifest.json";

    private PeerExport() {
    }

    /** Writes the workload of {@code p} with the initial weights of {@code model} into {@code dir}. */
    public static void write(Path dir, DataSplit data, Model model, MnistProtocol p, String description) {
        try {
            Files.createDirectories(dir);
            Dataset train = data.train();
            Dataset test = data.test();
            writeFloats(dir.resolve("train_x.f32"), train.x(), 0, train.x().length);
            writeInts(dir.resolve("train_y.i32"), train.y());
            writeFloats(dir.resolve("test_x.f32"), test.x(), 0, test.x().length);
            writeInts(dir.resolve("test_y.i32"), test.y());
            int[][] orders = OrderStream.permutations(p.seed(), train.n(), p.epochs());
            int[] flat = new int[orders.length * train.n()];
            for (int e = 0; e < orders.length; e++) {
                System.arraycopy(orders[e], 0, flat, e * train.n(), train.n());
            }
            writeInts(dir.resolve("order.i32"), flat);

            Parameters params = model.parameters();
            int[] sizes = MnistProtocol.spec().sizes();
            List<Map<String, Object>> layers = new ArrayList<>();
            for (int l = 1; l < sizes.length; l++) {
                String name = "dense" + l;
                Parameters.Tensor w = params.tensor(name + ".W");
                Parameters.Tensor b = params.tensor(name + ".b");
                if (w.shape()[0] != sizes[l - 1] || w.shape()[1] != sizes[l]) {
                    throw new IllegalStateException(name + ".W has shape " + w.shape()[0] + "×" + w.shape()[1]
                            + ", expected " + sizes[l - 1] + "×" + sizes[l] + " (in × out)");
                }
                writeFloats(dir.resolve(name + ".W.f32"), params.values(), w.offset(), w.size());
                writeFloats(dir.resolve(name + ".b.f32"), params.values(), b.offset(), b.size());
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("name", name);
                layer.put("in", sizes[l - 1]);
                layer.put("out", sizes[l]);
                layer.put("weight", name + ".W.f32");
                layer.put("weight_layout", "[in][out] row-major (transpose for nn.Linear.weight)");
                layer.put("bias", name + ".b.f32");
                layer.put("activation", l == sizes.length - 1 ? "identity" : "relu");
                layers.add(layer);
            }

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", "spacetime-peer-export");
            m.put("version", 1);
            m.put("byte_order", "little-endian");
            m.put("description", description);
            m.put("n_train", train.n());
            m.put("n_test", test.n());
            m.put("features", train.features());
            m.put("classes", train.classes());
            m.put("train_x", "train_x.f32");
            m.put("train_y", "train_y.i32");
            m.put("test_x", "test_x.f32");
            m.put("test_y", "test_y.i32");
            m.put("order", "order.i32");
            m.put("order_stream", "epoch e: the e-th permutation(n_train) of Trainer.batchOrderStream(seed), "
                    + "the engine Trainer's batch order");
            m.put("epochs", p.epochs());
            m.put("repeats", p.repeats());
            m.put("seed", p.seed());
            m.put("batch", MnistProtocol.BATCH);
            m.put("lr", MnistProtocol.LR);
            m.put("optimizer", "sgd (no momentum, no weight decay, constant rate)");
            m.put("loss", "softmax cross-entropy, mean over the batch");
            m.put("checked_steps", SpacetimeSide.CHECKED_STEPS);
            m.put("layers", layers);
            Files.writeString(dir.resolve(MANIFEST), Json.write(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the peer's workload to " + dir + ": " + e.getMessage()
                    + " (disk space? the training rows alone take " + data.train().x().length * 4L / 1_000_000 + " MB)", e);
        }
    }

    static void writeFloats(Path file, float[] src, int off, int count) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int i = off;
            int end = off + count;
            while (i < end) {
                buf.clear();
                int n = Math.min(end - i, buf.capacity() / Float.BYTES);
                buf.asFloatBuffer().put(src, i, n);
                buf.limit(n * Float.BYTES);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                i += n;
            }
        }
    }

    static void writeInts(Path file, int[] src) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < src.length) {
                buf.clear();
                int n = Math.min(src.length - i, buf.capacity() / Integer.BYTES);
                buf.asIntBuffer().put(src, i, n);
                buf.limit(n * Integer.BYTES);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                i += n;
            }
        }
    }
}
