package dev.ferry.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the {@link SharedSystems} when the launcher session ends: after every engine (Jupiter, jqwik) ran,
 * once per JVM (failsafe and surefire 3.5.4+ open one session per fork, IDEs one per run). Registered in
 * {@code META-INF/services}.
 */
public final class SharedSystemsCloser implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedSystems.closeAll();
    }
}
