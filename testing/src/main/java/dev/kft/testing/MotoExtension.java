package dev.kft.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one moto_server for the whole test run (stored in the root context, so it is stopped when
 * the run ends) and hands tests a ready {@link MotoServer}. Missing moto_server fails the test
 * with an install hint; it never skips.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    static {
        // The SDK's default credential chain reads these; moto accepts any credentials.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", MotoServer.REGION.id());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(MotoServer.class, key -> {
            try {
                return new CloseableServer(MotoServer.start());
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, CloseableServer.class).server();
    }

    /** Lets JUnit stop the server when the root context closes. */
    private record CloseableServer(MotoServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
