package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Parameters;
import dev.spacetime.engine.model.RecursiveSpec;
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
 * {@code manifest.json} that names them and their shapes. {@code bench mnist} and {@code bench peers} (iris, xor,
 * MNIST standard-medium and RecursiveNet) share the format; the peers' loader is {@code peers/peer_common.py}.
 *
 * <pre>
 *   train_x.f32   [n × f]    float32, already normalised: the exact floats Spacetime trains on
 *   train_y.i32   [n]        int32 labels
 *   test_x.f32    [t × f], test_y.i32 [t]
 *   order.i32     [epochs × n] int32: row e−1 is epoch e's permutation (the Trainer's order stream, see OrderStream);
 *                 step j of an epoch takes positions [j·batch, (j+1)·batch), the last step the remainder. Absent
 *                 ("order": null) when a batch covers the training set: full-batch descent in data order
 *   L.W.f32       [in × out] float32, the engine's layout (row-major, one row per input): nn.Linear.weight is its
 *                 transpose [out × in]
 *   L.b.f32       [out] float32
 * </pre>
 *
 * Layers are listed in forward order with their activation; RecursiveNet's {@code shared} layer has
 * {@code "repeat": depth} (applied that many times with the same tensors). One init's tensors sit in the export
 * folder itself; several inits (XOR's seeds) each get a folder {@code init-<seed>}, listed under {@code "inits"}.
 */
public final class PeerExport {

    public static final String MANIFEST = "manifest.json";

    /** One set of initial tensors: the seed that drew them and a model holding them. */
    public record Init(long seed, Model model) {
    }

    /**
     * How the peer trains.
     *
     * @param workload     name reported back by the peer
     * @param orderSeed    the Trainer's seed whose order stream is exported (ignored for full batch)
     * @param checkedSteps steps of epoch 1 whose losses the peer reports
     */
    public record Training(String workload, int batch, double lr, int epochs, int repeats, long orderSeed,
                           int checkedSteps) {
    }

    /** A layer as the peers see it. */
    private record Layer(String name, int in, int out, Activation activation, int repeat) {
    }

    private PeerExport() {
    }

    /** Writes the {@code bench mnist} workload of {@code p} with the initial weights of {@code model}. */
    public static void write(Path dir, DataSplit data, Model model, MnistProtocol p, String description) {
        write(dir, data, List.of(new Init(p.seed(), model)), new Training("mnist", MnistProtocol.BATCH,
                MnistProtocol.LR, p.epochs(), p.repeats(), p.seed(), SpacetimeSide.CHECKED_STEPS), description);
    }

    /** Writes the workload: the rows of {@code data}, the tensors of every init, the order, the manifest. */
    public static void write(Path dir, DataSplit data, List<Init> inits, Training t, String description) {
        if (inits.isEmpty()) {
            throw new IllegalArgumentException("the export needs at least one init");
        }
        Dataset train = data.train();
        Dataset test = data.test();
        boolean fullBatch = t.batch() >= train.n();
        if (inits.size() > 1 && !fullBatch) {
            throw new IllegalArgumentException("several inits share one exported order only in full-batch training; "
                    + "minibatch orders depend on the seed (export one workload per seed)");
        }
        try {
            Files.createDirectories(dir);
            writeFloats(dir.resolve("train_x.f32"), train.x(), 0, train.n() * train.features());
            writeInts(dir.resolve("train_y.i32"), train.y(), train.n());
            writeFloats(dir.resolve("test_x.f32"), test.x(), 0, test.n() * test.features());
            writeInts(dir.resolve("test_y.i32"), test.y(), test.n());
            if (!fullBatch) {
                int[][] orders = OrderStream.permutations(t.orderSeed(), train.n(), t.epochs());
                int[] flat = new int[orders.length * train.n()];
                for (int e = 0; e < orders.length; e++) {
                    System.arraycopy(orders[e], 0, flat, e * train.n(), train.n());
                }
                writeInts(dir.resolve("order.i32"), flat, flat.length);
            }

            List<Layer> layers = layers(inits.getFirst().model().spec());
            List<Map<String, Object>> initList = new ArrayList<>();
            for (Init init : inits) {
                String sub = inits.size() == 1 ? "." : "init-" + init.seed();
                Path initDir = dir.resolve(sub);
                Files.createDirectories(initDir);
                writeTensors(initDir, init.model().parameters(), layers);
                initList.add(Map.of("seed", init.seed(), "dir", sub));
            }

            Model first = inits.getFirst().model();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", "spacetime-peer-export");
            m.put("version", 1);
            m.put("byte_order", "little-endian");
            m.put("workload", t.workload());
            m.put("description", description);
            m.put("model", first.spec().toMap());
            m.put("n_train", train.n());
            m.put("n_test", test.n());
            m.put("features", train.features());
            m.put("classes", train.classes());
            m.put("train_x", "train_x.f32");
            m.put("train_y", "train_y.i32");
            m.put("test_x", "test_x.f32");
            m.put("test_y", "test_y.i32");
            m.put("full_batch", fullBatch);
            m.put("order", fullBatch ? null : "order.i32");
            m.put("order_stream", fullBatch ? "full batch: every step takes all rows in data order"
                    : "epoch e: the e-th permutation(n_train) of Trainer.batchOrderStream(seed), the engine Trainer's batch order");
            m.put("epochs", t.epochs());
            m.put("repeats", t.repeats());
            m.put("seed", inits.getFirst().seed());
            m.put("batch", t.batch());
            m.put("lr", t.lr());
            m.put("optimizer", "sgd (no momentum, no weight decay, constant rate)");
            m.put("momentum", 0.0);
            m.put("nesterov", false);
            m.put("weight_decay", 0.0);
            LossFunction loss = first.spec().loss();
            m.put("loss_id", loss.id());
            m.put("loss", loss == LossFunction.MEAN_SQUARED_ERROR
                    ? "squared error (y - t)^2 of the sigmoid output against the 0/1 label, mean over the batch (gradient 2(y - t)/n)"
                    : "softmax cross-entropy, mean over the batch");
            m.put("checked_steps", t.checkedSteps());
            m.put("layers", layers.stream().map(PeerExport::describe).toList());
            if (inits.size() > 1) {
                m.put("inits", initList);
            }
            Files.writeString(dir.resolve(MANIFEST), Json.write(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the peer's workload to " + dir + ": " + e.getMessage()
                    + " (disk space? the training rows alone take " + train.x().length * 4L / 1_000_000 + " MB)", e);
        }
    }

    /** The layers of an MLP (dense1..L) or a RecursiveNet (input, shared × depth, output), in forward order. */
    private static List<Layer> layers(ModelSpec spec) {
        List<Layer> out = new ArrayList<>();
        if (spec instanceof MlpSpec mlp) {
            int[] sizes = mlp.sizes();
            for (int l = 1; l < sizes.length; l++) {
                out.add(new Layer("dense" + l, sizes[l - 1], sizes[l], l == sizes.length - 1 ? mlp.output() : mlp.hidden(), 1));
            }
        } else if (spec instanceof RecursiveSpec r) {
            out.add(new Layer("input", r.input(), r.hidden(), Activation.RELU, 1));
            out.add(new Layer("shared", r.hidden(), r.hidden(), Activation.RELU, r.depth()));
            out.add(new Layer("output", r.hidden(), r.output(), Activation.IDENTITY, 1));
        } else {
            throw new IllegalArgumentException("the peer export covers MLPs and RecursiveNet, not " + spec.kind());
        }
        return out;
    }

    private static void writeTensors(Path dir, Parameters params, List<Layer> layers) throws IOException {
        for (Layer layer : layers) {
            Parameters.Tensor w = params.tensor(layer.name() + ".W");
            Parameters.Tensor b = params.tensor(layer.name() + ".b");
            if (w.shape()[0] != layer.in() || w.shape()[1] != layer.out()) {
                throw new IllegalStateException(layer.name() + ".W has shape " + w.shape()[0] + "×" + w.shape()[1]
                        + ", expected " + layer.in() + "×" + layer.out() + " (in × out)");
            }
            writeFloats(dir.resolve(layer.name() + ".W.f32"), params.values(), w.offset(), w.size());
            writeFloats(dir.resolve(layer.name() + ".b.f32"), params.values(), b.offset(), b.size());
        }
    }

    private static Map<String, Object> describe(Layer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("in", l.in());
        m.put("out", l.out());
        m.put("weight", l.name() + ".W.f32");
        m.put("weight_layout", "[in][out] row-major (transpose for nn.Linear.weight)");
        m.put("bias", l.name() + ".b.f32");
        m.put("activation", l.activation().id());
        m.put("repeat", l.repeat());
        return m;
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

    static void writeInts(Path file, int[] src, int count) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < count) {
                buf.clear();
                int n = Math.min(count - i, buf.capacity() / Integer.BYTES);
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
