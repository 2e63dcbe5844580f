package dev.kft.result;

import dev.kft.core.BuildEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The event bus in memory: the events it accepted, and a switch to make it refuse the next ones. */
final class RecordingBuildEvents implements BuildEvents {
    record Published(String detailType, Map<String, Object> detail, List<String> resources) {}

    final List<Published> published = new ArrayList<>();
    RuntimeException failure;

    @Override
    public void publish(String detailType, Map<String, Object> detail, List<String> resources) {
        if (failure != null) {
            throw failure;
        }
        published.add(new Published(detailType, detail, resources));
    }
}
