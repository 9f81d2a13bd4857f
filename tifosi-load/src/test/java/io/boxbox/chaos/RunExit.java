package io.boxbox.chaos;

import java.util.concurrent.Callable;

/**
 * How a fault run's {@code main} ends ({@code ./boxbox chaos}, {@code ./boxbox ha}): 0 when the
 * run was clean, 1 when it found something, 2 when the run itself broke (with the stack trace).
 */
final class RunExit {

    private RunExit() {
    }

    static void exitWith(String name, Callable<Boolean> cleanRun) {
        int status;
        try {
            status = cleanRun.call() ? 0 : 1;
        } catch (Exception | AssertionError e) {
            System.out.println(name + ": the run itself broke: " + e);
            e.printStackTrace(System.out);
            status = 2;
        }
        System.out.flush();
        // Netty, jnats and the HTTP client leave non-daemon threads behind; the work is done.
        System.exit(status);
    }
}
