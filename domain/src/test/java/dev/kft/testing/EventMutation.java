package dev.kft.testing;

import dev.kft.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample event with one field changed, for bad-input tests: {@code set(event, "detail.referenceName", 5)}.
 * Path steps are object keys or list indexes ({@code Records.0.eventTime}); {@link #REMOVED} deletes the key.
 */
public final class EventMutation {
    /** Put as the value to delete the field. */
    public static final Object REMOVED = new Object() {
        @Override
        public String toString() {
            return "(removed)";
        }
    };

    private EventMutation() {}

    /** A deep copy of {@code event} with the value at {@code path} replaced (null is JSON null). */
    public static Map<String, Object> set(Map<String, Object> event, String path, Object value) {
        Map<String, Object> copy = Json.parseObject(Json.write(event));
        String[] steps = path.split("\\.");
        Object parent = copy;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i]);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) list;
            values.set(Integer.parseInt(last), value);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parent;
            if (value == REMOVED) {
                map.remove(last);
            } else {
                map.put(last, value);
            }
        }
        return copy;
    }

    /** The event as text, with JSON nulls kept. */
    public static String text(Map<String, Object> event) {
        return Json.write(event);
    }

    private static Object step(Object node, String key) {
        return node instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<?, ?>) node).get(key);
    }

    /** A list or an object as values to put: JSON's other types. */
    public static List<Object> array() {
        return new ArrayList<>(List.of("x"));
    }

    public static Map<String, Object> object() {
        return new LinkedHashMap<>(Map.of("x", "y"));
    }
}
