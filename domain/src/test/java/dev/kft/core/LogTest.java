package dev.kft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTest {
    @AfterEach
    void backToStderr() {
        Log.useSink(null);
    }

    @Test
    void theSinkGetsLevelMessageThenTheFieldsWithoutNulls() {
        List<Map<String, Object>> records = new ArrayList<>();
        List<Log.Level> levels = new ArrayList<>();
        Log.useSink((level, record) -> {
            levels.add(level);
            records.add(new LinkedHashMap<>(record));
        });

        Log.warn("push ignored", "buildId", "b-1", "commitId", null, "verdict", ScanVerdict.DIRTY, "tries", 2);

        assertEquals(List.of(Log.Level.WARN), levels);
        assertEquals(List.of("level", "message", "buildId", "verdict", "tries"), List.copyOf(records.get(0).keySet()));
        assertEquals(Map.of("level", "WARN", "message", "push ignored", "buildId", "b-1", "verdict", "DIRTY", "tries", 2),
                records.get(0));
    }
}
