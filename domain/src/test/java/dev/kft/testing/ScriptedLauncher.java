package dev.kft.testing;

import dev.kft.launch.BuildLauncher;
import dev.kft.launch.TaskLaunch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** RunTask in memory: answers each call with the next scripted result, and remembers what it was asked. */
public final class ScriptedLauncher implements BuildLauncher {
    public final Deque<LaunchCall> script = new ArrayDeque<>();
    public final List<Integer> launchTries = new ArrayList<>();
    public final List<TaskLaunch> tasks = new ArrayList<>();

    @Override
    public LaunchCall launch(TaskLaunch task, int launchTry) {
        launchTries.add(launchTry);
        tasks.add(task);
        return script.removeFirst();
    }
}
