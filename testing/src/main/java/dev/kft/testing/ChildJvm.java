package dev.kft.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM a test starts on the test's own classpath: this JVM's java, and the
 * flags Lambda's Java runtime and bin/kft run with (C1 only, the serial collector). A short-lived JVM
 * starts fastest with them, and the test runs the code as Lambda would.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <flags> [jvmOptions] -cp <this JVM's classpath> <main> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
