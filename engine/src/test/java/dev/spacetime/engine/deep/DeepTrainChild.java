package dev.spacetime.engine.deep;

import java.nio.file.Path;

/**
 * The process the crash test kills: trains the model in args[0]/args[1] up to args[2] steps (chunked or in-memory
 * per args[3], a checkpoint every args[4] steps), resuming when the head file records a run.
 */
public final class DeepTrainChild {

    private DeepTrainChild() {
    }

    public static void main(String[] args) {
        DeepFixtures.Model m = new DeepFixtures.Model(Path.of(args[0]), Path.of(args[1]));
        boolean resume = HeadFile.read(m.head()).settings() != null;
        DeepOptions o = DeepFixtures.options(Long.parseLong(args[2]), 0, args[3].equals("memory"), false,
                Long.parseLong(args[4]));
        try (DeepTrainer t = DeepTrainer.open(m.weights(), m.head(), DeepCrashResumeTest.SETTINGS, resume, o,
                dev.spacetime.engine.kernel.DeepKernelsProvider.get(), DeepCrashResumeTest.DATA, DeepListener.NONE)) {
            System.out.println("training");   // the parent starts its kill timer here, not at JVM start
            System.out.flush();
            t.run(DeepListener.NONE);
        }
        System.out.println("finished");
    }
}
