package dev.kft.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.Json;
import org.junit.jupiter.api.Test;

class ScanGateHandlerPrimingTest {
    @Test
    void thePrimingEventIsAScanOfTheStacksRepository() {
        ScanEvent scan = ScanEventParser.parse(Json.parseObject(ScanGateHandler.PRIMING_EVENT));
        assertEquals("kft/priming", scan.imageRepository());
    }
}
