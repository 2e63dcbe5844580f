package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.aws.EventBusPublisher;
import dev.kft.core.JsonFields;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queues the demo and the tests watch a bus through: everything delivered, and no waiting when told not to. */
@ExtendWith(MotoExtension.class)
class BusQueuesIT {
    @Test
    void everyDeliveredEventIsReceivedOnceAndAnEmptyQueueWithoutPatienceAnswersAtOnce(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String queue = stack.observeBus("Image Build Succeeded");
        EventBusPublisher bus = new EventBusPublisher(stack.events, stack.eventBus);
        for (String buildId : List.of("b1", "b2", "b3")) {
            bus.publish("Image Build Succeeded", Map.of("buildId", buildId), List.of());
        }

        try (SqsClient sqs = moto.clients().build(SqsClient.builder())) {
            List<Map<String, Object>> received = BusQueues.receiveAll(sqs, queue, Duration.ofSeconds(5));
            assertEquals(List.of("b1", "b2", "b3"), received.stream().map(m -> JsonFields.text(m, "detail", "buildId")).sorted().toList());

            long start = System.nanoTime();
            assertEquals(List.of(), BusQueues.receiveAll(sqs, queue, Duration.ZERO), "received messages are deleted");
            // A long poll would take a whole second: without patience the queue is only looked at.
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(800)) < 0);
        }
    }

    @Test
    void theSuitesMotoDeliversARulesEventsWithoutParsingJsonPathsEveryTime(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        String queue = stack.observeBus("Image Build Failed");
        EventBusPublisher bus = new EventBusPublisher(stack.events, stack.eventBus);
        bus.publish("Image Build Failed", Map.of("buildId", "warm-up"), List.of());

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            bus.publish("Image Build Failed", Map.of("buildId", "b" + i), List.of());
        }
        Duration tenDeliveries = Duration.ofNanos(System.nanoTime() - start);

        try (SqsClient sqs = moto.clients().build(SqsClient.builder())) {
            assertEquals(11, BusQueues.receiveAll(sqs, queue, Duration.ofSeconds(5)).size());
        }
        // moto alone parses eight JSONPaths per delivery, about 0.2 s or more; MotoProcess's sitecustomize caches them.
        assertTrue(tenDeliveries.compareTo(Duration.ofMillis(1500)) < 0, "10 deliveries took " + tenDeliveries);
    }
}
