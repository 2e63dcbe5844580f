package dev.kft.core;

import java.util.List;
import java.util.Map;

/** Where build results are announced (the stack's event bus). Throws when the event was not accepted. */
@FunctionalInterface
public interface BuildEvents {
    void publish(String detailType, Map<String, Object> detail, List<String> resources);
}
