package dev.kft.lambda;

import dev.kft.core.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Work done before Lambda takes a SnapStart snapshot, so the classes and code paths of a real
 * invocation are already loaded in every restored environment. Priming is an optimisation only, so
 * it never fails the snapshot nor the restore: whatever the work throws (a runtime exception, an
 * Error, a checked exception thrown sneakily by library code) is logged and the function serves
 * without it.
 */
public final class SnapStartPriming implements Resource {
    private final String name;
    private final Runnable work;

    private SnapStartPriming(String name, Runnable work) {
        this.name = name;
        this.work = work;
    }

    /** Registers {@code work} to run before the checkpoint; the instance must stay reachable, so it is returned. */
    public static SnapStartPriming register(String name, Runnable work) {
        SnapStartPriming priming = new SnapStartPriming(name, work);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing carries over that must be unique per environment (see the SecureRandom note in the handlers).
    }

    /** Runs the priming work now; returns whether it completed. Never throws. */
    public boolean prime() {
        try {
            work.run();
            Log.info("primed for snapshot", "handler", name);
            return true;
        } catch (Throwable failure) { // an Error too: a failed warm-up must not cost the snapshot
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // keep the interrupt for whoever asked for it
            }
            Log.warn("priming failed, snapshot taken without it", "handler", name, "reason", String.valueOf(failure));
            return false;
        }
    }
}
