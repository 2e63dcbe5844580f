package dev.kft.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Invokes handlers the way Lambda does (event bytes in, result bytes out) for the handler tests. */
public final class Handlers {
    private Handlers() {}

    /** The handler's result, parsed; whatever the handler throws is thrown. */
    public static Map<String, Object> invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    /** The stack's environment with some variables replaced (name, value, name, value...), as a lookup. */
    public static Function<String, String> environment(MotoStack stack, String... overrides) {
        Map<String, String> env = new HashMap<>(stack.environment());
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env::get;
    }
}
