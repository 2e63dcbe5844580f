package dev.kft.testing;

import dev.kft.push.BuildLauncher;
import dev.kft.push.BuildPlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** RunTask in memory: answers each call with the next scripted result, and remembers what it was asked. */
public final class ScriptedLauncher implements BuildLauncher {
    public final Deque<LaunchCall> script = new ArrayDeque<>();
    public final List<Integer> launchTries = new ArrayList<>();
    public final List<BuildPlan> plans = new ArrayList<>();

    @Override
    public LaunchCall launch(BuildPlan plan, int launchTry) {
        launchTries.add(launchTry);
        plans.add(plan);
        return script.removeFirst();
    }
}
