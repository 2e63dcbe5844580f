package dev.kft.testing;

import dev.kft.core.Json;
import dev.kft.functions.result.TaskStateHandler;
import dev.kft.functions.result.TaskStateWiring;
import dev.kft.local.DemoEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * ECS's part for the build tasks moto starts: moto sends no "ECS Task State Change" events, so a test
 * that needs one (the first event of a task is what records the task on its build) delivers the sample
 * of {@code events/} made that task's to TaskStateFunction's handler, as EventBridge would.
 */
public final class TaskEvents {
    private TaskEvents() {}

    /** {@code events/<file>} as ECS would send it for {@code task}, which runs since a second ago. */
    public static String of(String file, Task task) {
        Instant now = Instant.now();
        DemoEvents events = new DemoEvents(Path.of("events"), MotoServer.ACCOUNT, MotoServer.REGION.id());
        return Json.write(events.taskState(file, task, new DemoEvents.TaskTimes(now.minusSeconds(2), now.minusSeconds(1), null), now));
    }

    /**
     * Plays ECS while other processes push: waits (up to {@code timeout}) for the task started by
     * {@code startedBy} to appear, then, as ECS sends a task's first state event about a second after
     * RunTask, has TaskStateFunction handle its "task running" event. Returns the task's ARN.
     */
    public static String firstEventOnceStarted(MotoStack stack, String startedBy, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.List<String> tasks = stack.ecs.listTasks(r -> r.cluster(stack.cluster).startedBy(startedBy)).taskArns();
            if (!tasks.isEmpty()) {
                Thread.sleep(1000);
                running(stack, tasks.get(0));
                return tasks.get(0);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no task started by " + startedBy + " within " + timeout);
    }

    /** The task's "task running" event handled by TaskStateFunction: the task is recorded on its build. Returns the handler's answer. */
    public static Map<String, Object> running(MotoStack stack, String taskArn) throws IOException {
        Task task = stack.ecs.describeTasks(r -> r.cluster(stack.cluster).tasks(taskArn)).tasks().get(0);
        return Handlers.invoke(new TaskStateHandler(TaskStateWiring.fromEnvironment(stack.environment()::get)),
                of("task-running.json", task));
    }
}
