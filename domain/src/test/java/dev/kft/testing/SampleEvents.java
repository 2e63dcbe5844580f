package dev.kft.testing;

import dev.kft.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The sample events in {@code events/}, the same files users pass to {@code sam local invoke -e}. */
public final class SampleEvents {
    public static final Path DIRECTORY = Path.of("events");

    private SampleEvents() {}

    public static String text(String fileName) {
        try {
            return Files.readString(DIRECTORY.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> json(String fileName) {
        return Json.parseObject(text(fileName));
    }

    /** File names starting with {@code prefix}, sorted. */
    public static List<String> named(String prefix) {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
