package dev.kft.testing;

import dev.kft.launch.BuildLauncher;
import dev.kft.launch.TaskLaunch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * RunTask in memory: answers each request with the next scripted result (a {@link LaunchCall}, or a
 * RuntimeException to throw, as the SDK does once its retries run out), and remembers what it was asked.
 */
public final class ScriptedLauncher implements BuildLauncher {
    public final Deque<Object> script = new ArrayDeque<>();
    public final List<TaskLaunch> tasks = new ArrayList<>();

    @Override
    public LaunchCall launch(TaskLaunch task) {
        tasks.add(task);
        Object next = script.removeFirst();
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (LaunchCall) next;
    }
}
