package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.launch.BuildLauncher;
import dev.kft.launch.TransientLaunchException;
import dev.kft.push.BuildPlan;
import dev.kft.push.BuildPlanner;
import dev.kft.push.BuildSettings;
import dev.kft.push.PushEventParser;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The RunTask requests the launcher sends, read off the wire. */
@ExtendWith(MotoExtension.class)
class EcsBuildLauncherIT {

    /** Keeps the JSON body of every request the client sends. */
    static final class WireRecorder implements ExecutionInterceptor {
        final List<Map<String, Object>> bodies = new ArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.requestBody().ifPresent(body -> {
                try (InputStream in = body.contentStreamProvider().newStream()) {
                    bodies.add(Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static BuildPlan plan(MotoStack stack, boolean spot) {
        var env = stack.environment();
        env.put("USE_FARGATE_SPOT", Boolean.toString(spot));
        var change = PushEventParser.parse(SampleEvents.json("push-branch.json")).changes().get(0);
        return assertInstanceOf(BuildPlanner.Build.class,
                new BuildPlanner(BuildSettings.fromEnvironment(env)).decide(change, Instant.now())).plan();
    }

    @Test
    void spotBuildsAskForTheFargateSpotProviderWithADeterministicClientToken(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        WireRecorder wire = new WireRecorder();
        try (EcsClient ecs = EcsClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(wire).retryStrategy(r -> r.maxAttempts(1))).build()) {
            EcsBuildLauncher launcher = new EcsBuildLauncher(ecs, new EcsBuildLauncher.Config(stack.cluster, stack.taskFamily, "",
                    "kaniko", List.of(stack.subnetId), List.of(stack.securityGroupId), false));
            BuildPlan plan = plan(stack, true);
            // moto cannot place tasks through capacity providers (a 500): a server error the SDK's retries
            // did not get past fails the invocation, naming the build and its token.
            TransientLaunchException e = assertThrows(TransientLaunchException.class, () -> launcher.launch(plan.taskLaunch()));
            assertTrue(e.getMessage().startsWith("RunTask for build " + plan.buildId() + " attempt 1 on FARGATE_SPOT (clientToken "
                    + plan.buildId() + "-1-spot) failed after the SDK's retries: "), e.getMessage());

            Map<String, Object> body = wire.bodies.get(0);
            assertEquals(List.of(Map.of("capacityProvider", "FARGATE_SPOT", "weight", 1)),
                    JsonFields.list(body, "capacityProviderStrategy"));
            assertFalse(body.containsKey("launchType"), "launchType must be absent when a capacity provider strategy is given");
            assertEquals(plan.buildId().value() + "-1-spot", body.get("clientToken"));
            assertEquals(plan.buildId().startedBy(1), body.get("startedBy"));
            assertEquals("DISABLED", JsonFields.text(body, "networkConfiguration", "awsvpcConfiguration", "assignPublicIp"));
        }
    }

    @Test
    void onDemandBuildsUseLaunchTypeFargateAndArePlaced(MotoServer moto) {
        MotoStack stack = MotoStack.create(moto);
        WireRecorder wire = new WireRecorder();
        try (EcsClient ecs = EcsClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(wire)).build()) {
            EcsBuildLauncher launcher = new EcsBuildLauncher(ecs, new EcsBuildLauncher.Config(stack.cluster, stack.taskFamily, "",
                    "kaniko", List.of(stack.subnetId), List.of(stack.securityGroupId), false));
            BuildLauncher.TaskPlaced launched = assertInstanceOf(BuildLauncher.TaskPlaced.class, launcher.launch(plan(stack, false).taskLaunch()));
            assertTrue(launched.taskArn().startsWith("arn:aws:ecs:us-east-1:" + MotoServer.ACCOUNT + ":task/"));
            assertEquals("FARGATE", wire.bodies.get(0).get("launchType"));
            assertFalse(wire.bodies.get(0).containsKey("capacityProviderStrategy"));
        }
    }
}
