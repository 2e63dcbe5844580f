package dev.kft.local;

import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code sam local invoke --env-vars} file: a block of variables per function logical id, and
 * an optional {@code Parameters} block of variables for every function. As in SAM, a function's
 * block wins over {@code Parameters}, and only variables the template declares for the function are set.
 */
public final class EnvVarsFile {
    public static final String ALL_FUNCTIONS = "Parameters";

    private EnvVarsFile() {}

    /** Reads the file; an unreadable or malformed one is an {@link IllegalArgumentException} naming it. */
    public static Map<String, Map<String, String>> read(Path file) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        } catch (MalformedEventException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        root.forEach((block, variables) -> {
            if (!(variables instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": \"" + block + "\" must be an object of variables");
            }
            Map<String, String> values = new LinkedHashMap<>();
            map.forEach((name, value) -> values.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
            blocks.put(block, values);
        });
        return blocks;
    }

    /** The file's text: blocks in the given order, variables sorted, two-space indented. */
    public static String write(Map<String, Map<String, String>> blocks) {
        Map<String, Object> sorted = new LinkedHashMap<>();
        blocks.forEach((block, variables) -> sorted.put(block, new TreeMap<>(variables)));
        return Json.writePretty(sorted);
    }

    /**
     * {@code declared} (the template's values) with the file's overrides applied: {@code Parameters}
     * first, then the function's block. Names the template does not declare are left out, as SAM does.
     */
    public static Map<String, String> apply(Map<String, String> declared, Map<String, Map<String, String>> blocks, String functionId) {
        Map<String, String> result = new LinkedHashMap<>(declared);
        for (String block : new String[] {ALL_FUNCTIONS, functionId}) {
            blocks.getOrDefault(block, Map.of()).forEach((name, value) -> {
                if (declared.containsKey(name)) {
                    result.put(name, value);
                }
            });
        }
        return result;
    }
}
