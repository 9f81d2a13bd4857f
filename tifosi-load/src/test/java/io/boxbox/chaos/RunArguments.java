package io.boxbox.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a fault run ({@code ./boxbox chaos}, {@code ./boxbox ha}):
 * {@code [minutes] [--seed N] [--peak-users N] [--time-scale S]} and the run's own options (with a
 * value) and flags (without one). A wrong argument fails with the usage.
 */
record RunArguments(Duration window, long seed, int peakUsers, double timeScale, Map<String, String> options,
                    Set<String> flags) {

    static RunArguments parse(String[] args, double minutes, int peakUsers, Set<String> optionNames,
                              Set<String> flagNames, String usage) {
        long seed = 7;
        double timeScale = 0.01;
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--seed") || arg.equals("--peak-users") || arg.equals("--time-scale") || optionNames.contains(arg)) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(arg + " needs a value (usage: " + usage + ")");
                }
                String value = args[++i];
                switch (arg) {
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--peak-users" -> peakUsers = Integer.parseInt(value);
                    case "--time-scale" -> timeScale = Double.parseDouble(value);
                    default -> options.put(arg, value);
                }
            } else if (flagNames.contains(arg)) {
                flags.add(arg);
            } else {
                try {
                    minutes = Double.parseDouble(arg);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown argument '" + arg + "' (usage: " + usage + ")");
                }
            }
        }
        if (minutes <= 0 || peakUsers < 1) {
            throw new IllegalArgumentException("minutes and --peak-users must be positive");
        }
        return new RunArguments(Duration.ofSeconds(Math.round(minutes * 60)), seed, peakUsers, timeScale,
                Map.copyOf(options), Set.copyOf(flags));
    }
}
