package dev.kft.aws;

import dev.kft.core.Json;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes the project's own events ("Image Build Succeeded", "Scan Gate Verdict", ...) on the
 * stack's build event bus, with source {@value #SOURCE}. PutEvents reports per-entry failures
 * in a successful response; they are raised here so a lost event fails the invocation (and is retried).
 */
public final class EventBusPublisher {
    public static final String SOURCE = "kaniko-fargate-trigger";

    private final EventBridgeClient events;
    private final String busName;

    public EventBusPublisher(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    public void publish(String detailType, Map<String, Object> detail, List<String> resources) {
        PutEventsResponse response = events.putEvents(r -> r.entries(e -> e
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(detailType)
                .resources(resources)
                .detail(Json.write(detail))));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().get(0);
            throw new IllegalStateException("EventBridge refused \"" + detailType + "\": "
                    + failed.errorCode() + " " + failed.errorMessage());
        }
    }
}
