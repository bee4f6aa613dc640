package dev.spacetime.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs like this one: the same {@code java} binary, this JVM's flags and its
 * class path (the launcher's shaded jar). Used for JMH forks and for the pinned Spacetime measurement.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code $java.home/bin/java}: the binary running this JVM. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's flags as given on its command line. */
    public static List<String> inputArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /**
     * {@code args} without the AOT cache flags: a cache is recorded for one class list and main class (the
     * launcher's), and a child with another main class gains nothing from it but warnings.
     */
    public static List<String> withoutAotCache(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (!(a.startsWith("-XX:AOTCache") || a.startsWith("-XX:AOTMode") || a.startsWith("-XX:AOTConfiguration")
                    || a.startsWith("-XX:SharedArchiveFile"))) {
                out.add(a);
            }
        }
        return out;
    }

    /** {@code args} without any {@code --add-modules} (both the {@code --add-modules X} and the {@code =X} form). */
    public static List<String> withoutAddModules(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--add-modules")) {
                i++;
            } else if (!a.startsWith("--add-modules=") && !a.startsWith("-Djdk.module.addmods")) {
                out.add(a);
            }
        }
        return out;
    }

    /** {@code java <flags> -cp <class path> mainClass args...} for a child that runs like this JVM. */
    public static List<String> command(Class<?> mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(withoutAotCache(inputArgs()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }
}
