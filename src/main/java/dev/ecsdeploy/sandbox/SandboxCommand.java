package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import dev.ecsdeploy.util.CommandLineArguments;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sandbox --port N [--scenario S] [--audit FILE] [--registry HOST:PORT] [--time-scale F]}: runs the sandbox in
 * the foreground and prints exactly one line, {@code AWS_ENDPOINT_URL=http://127.0.0.1:N}, once it serves.
 */
public final class SandboxCommand {
    static final String USAGE = "usage: sandbox --port N [--scenario healthy|unhealthy|crash|pull-error|secrets-error"
            + "|alarm|throttle|slow] [--audit FILE] [--registry HOST:PORT] [--time-scale F]";

    private SandboxCommand() {
    }

    /** Runs until the process is killed; returns 2 on bad flags. */
    public static int run(String[] args) {
        SandboxOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options);
        } catch (java.io.UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        PrintStream out = System.out;
        out.println("AWS_ENDPOINT_URL=" + sandbox.endpoint());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The flags as options; throws IllegalArgumentException naming the bad flag. */
    static SandboxOptions parse(String[] args) {
        java.util.Set<String> known = java.util.Set.of("port", "scenario", "audit", "registry", "time-scale");
        java.util.Map<String, String> flags = CommandLineArguments.parse(args, false,
                name -> known.contains(name) ? CommandLineArguments.Kind.VALUE : CommandLineArguments.Kind.UNKNOWN,
                name -> "Unknown flag --" + name + ".").flags();
        SandboxOptions options = SandboxOptions.defaults();
        for (java.util.Map.Entry<String, String> entry : flags.entrySet()) {
            String flag = "--" + entry.getKey();
            String value = entry.getValue();
            try {
                options = switch (flag) {
                    case "--port" -> options.withPort(Integer.parseInt(value));
                    case "--scenario" -> options.withScenario(Scenario.parse(value));
                    case "--audit" -> options.withAudit(Path.of(value));
                    case "--registry" -> {
                        if (!value.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
                            throw new IllegalArgumentException("--registry must be HOST:PORT, not \"" + value + "\".");
                        }
                        yield options.withRegistry(value);
                    }
                    default -> options.withTimeScale(Double.parseDouble(value));
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, not \"" + value + "\".");
            }
        }
        if (!flags.containsKey("port")) {
            throw new IllegalArgumentException("--port is required (0 picks a free port).");
        }
        return options;
    }
}
