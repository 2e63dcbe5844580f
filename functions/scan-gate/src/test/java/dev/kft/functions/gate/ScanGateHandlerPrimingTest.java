package dev.kft.functions.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.Json;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.ScanEventParser;
import org.junit.jupiter.api.Test;

class ScanGateHandlerPrimingTest {
    @Test
    void thePrimingEventIsAScanOfTheStacksRepository() {
        ScanEvent scan = ScanEventParser.parse(Json.parseObject(ScanGateHandler.PRIMING_EVENT));
        assertEquals("kft/priming", scan.imageRepository());
    }
}
