package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.JsonFields;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class EventBusPublisherIT {
    @Test
    void publishedEventsReachARuleOnTheBus(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String queue = stack.observeBus("Image Build Succeeded");
        new EventBusPublisher(stack.events, stack.eventBus)
                .publish("Image Build Succeeded", Map.of("buildId", "b1", "status", "SUCCEEDED"), List.of("arn:aws:ecr:x"));

        List<Map<String, Object>> received = stack.receive(queue);
        assertEquals(1, received.size());
        assertEquals("kaniko-fargate-trigger", received.get(0).get("source"));
        assertEquals("SUCCEEDED", JsonFields.text(received.get(0), "detail", "status"));
    }
}
