package dev.kft.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line of a JVM a test starts on the test's own classpath: this JVM's java, and the
 * flags Lambda's Java runtime and bin/kft run with (C1 only, the serial collector). A short-lived JVM
 * starts fastest with them, and the test runs the code as Lambda would.
 *
 * <p>The suite starts a couple of dozen such JVMs, and each spent most of its CPU loading and
 * verifying the same few thousand classes (the SDK's above all). When every classpath entry is a jar
 * (the build packs the test classes into one too), they share one class-data archive in
 * {@code target/}: the first JVM to end writes it ({@code -XX:+AutoCreateSharedArchive}), the later
 * ones map it. The JVM checks that the archive matches this classpath and JDK, and its checksums
 * ({@code -XX:+VerifySharedSpaces}), and simply runs without it otherwise; it says nothing either way.
 */
public final class ChildJvm {
    private static final String TEST_CLASSES = "test-classes";

    private ChildJvm() {}

    /** {@code java <flags> [jvmOptions] -cp <this JVM's classpath> <main> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        String classpath = System.getProperty("java.class.path");
        Path testJar = testJar(classpath);
        if (testJar != null) {
            classpath = classpath.replace(testJar.resolveSibling(TEST_CLASSES).toString(), testJar.toString());
            command.addAll(List.of("-XX:SharedArchiveFile=" + testJar.resolveSibling("child-jvm.jsa"), "-XX:+AutoCreateSharedArchive",
                    "-XX:+VerifySharedSpaces", "-Xlog:cds*=off", "-Xlog:class+path=off"));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * The jar the build made of the classpath's one directory, {@code <module>/target/test-classes};
     * null when there is no such jar, or another directory (a run from an IDE, say): no archive then.
     */
    static Path testJar(String classpath) {
        Path testJar = null;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                continue;
            }
            if (testJar != null || !path.getFileName().toString().equals(TEST_CLASSES)) {
                return null;
            }
            try (Stream<Path> files = Files.list(path.getParent())) {
                testJar = files.filter(file -> file.getFileName().toString().endsWith("-tests.jar")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
            if (testJar == null) {
                return null;
            }
        }
        return testJar;
    }
}
