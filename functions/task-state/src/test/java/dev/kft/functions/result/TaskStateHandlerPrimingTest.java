package dev.kft.functions.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.Json;
import dev.kft.result.TaskStateChange;
import dev.kft.result.TaskStateEventParser;
import org.junit.jupiter.api.Test;

class TaskStateHandlerPrimingTest {
    @Test
    void thePrimingEventIsABuildTasksStoppedEvent() {
        TaskStateChange change = TaskStateEventParser.parse(Json.parseObject(TaskStateHandler.PRIMING_EVENT), "kaniko");
        assertEquals("STOPPED", change.lastStatus());
    }
}
