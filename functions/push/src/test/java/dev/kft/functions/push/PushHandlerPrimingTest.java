package dev.kft.functions.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kft.core.Json;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildTrigger;
import dev.kft.push.PushEventParser;
import dev.kft.push.TestSettings;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushHandlerPrimingTest {
    @Test
    void thePrimingEventPlansABuildWithoutTouchingAws() {
        BuildTrigger trigger = new BuildTrigger(new BuildPlanner(TestSettings.with()), null, null, null, null, null, null, null, Clock.systemUTC());
        List<BuildPlanner.Decision> decisions = trigger.plan(PushEventParser.parse(Json.parseObject(PushHandler.PRIMING_EVENT)));
        assertEquals(1, decisions.size());
        assertInstanceOf(BuildPlanner.Build.class, decisions.get(0));
    }
}
