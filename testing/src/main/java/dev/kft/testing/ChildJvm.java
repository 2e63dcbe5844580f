package dev.kft.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM a test starts on the test's own classpath: this JVM's java, and the
 * flags Lambda's Java runtime and bin/kft run with (C1 only, the serial collector), with the heap
 * sized from the memory the template gives the functions (1024 MB) as on Lambda, not from the whole
 * machine's. A short-lived JVM starts fastest so (a smaller young generation, fewer pages faulted
 * in), and the test runs the code as Lambda would.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <flags> [jvmOptions] -cp <this JVM's classpath> <main> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAM=1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
