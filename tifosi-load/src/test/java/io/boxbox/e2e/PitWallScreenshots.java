package io.boxbox.e2e;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.nio.file.Path;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@code ./boxbox screenshots <dir>}: runs the browser test ({@link PitWallIT}) once with
 * {@code boxbox.screenshots} set, so the pictures in the README are of pages that just passed it.
 * Exits 0 only when the test passed.
 */
public final class PitWallScreenshots {

    private PitWallScreenshots() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PitWallScreenshots <directory for the PNGs>");
            System.exit(2);
        }
        System.setProperty("boxbox.screenshots", Path.of(args[0]).toAbsolutePath().toString());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PitWallIT.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary result = summary.getSummary();
        result.printTo(new PrintWriter(System.out, true));
        result.printFailuresTo(new PrintWriter(System.out, true), 40);
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
