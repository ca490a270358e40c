package dev.ecsdeploy.sandbox;

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
        SandboxOptions options = SandboxOptions.defaults();
        boolean port = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("The flag " + flag + " needs a value.");
            }
            String value = args[++i];
            try {
                options = switch (flag) {
                    case "--port" -> {
                        port = true;
                        yield options.withPort(Integer.parseInt(value));
                    }
                    case "--scenario" -> options.withScenario(Scenario.parse(value));
                    case "--audit" -> options.withAudit(Path.of(value));
                    case "--registry" -> {
                        if (!value.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
                            throw new IllegalArgumentException("--registry must be HOST:PORT, not \"" + value + "\".");
                        }
                        yield options.withRegistry(value);
                    }
                    case "--time-scale" -> options.withTimeScale(Double.parseDouble(value));
                    default -> throw new IllegalArgumentException("Unknown flag " + flag + ".");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, not \"" + value + "\".");
            }
        }
        if (!port) {
            throw new IllegalArgumentException("--port is required (0 picks a free port).");
        }
        return options;
    }
}
